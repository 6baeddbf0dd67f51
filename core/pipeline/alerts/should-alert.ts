/**
 * One alert per case, not per photo: a case alerts when it opens (if its rule says "alert at once" or
 * its severity reaches the configured minimum), when it reopens, and when a later sighting first lifts it
 * to that level; repeat sightings otherwise only update it, and lifecycle actions never alert.
 */
import { SEVERITIES } from '../../domain.ts';
import type { Severity } from '../../domain.ts';
import type { AlertReason } from './alert-message.ts';

export interface AlertableCase {
  status: string;
  severity: Severity | string;
  /** The rule's "alert at once". */
  alertAtOnce: boolean;
  /** When an alert for this case last went out (null: never). */
  alertedAt?: string | null;
  /** When the case last reopened; an alert before it belongs to the previous cycle. */
  reopenedAt?: string | null;
}

/** What just happened to the case. */
export type CaseChange = { kind: 'opened' } | { kind: 'joined' } | { kind: 'reopened' } | { kind: 'action' };

const rank = (s: string): number => SEVERITIES.indexOf(s as Severity);

/**
 * Why to alert now, or null. Idempotent: once `alertedAt` is recorded for this cycle (after the last
 * reopen), the same change retried by a re-delivered job answers null. A severity this code does not
 * know never passes the minimum (only `alertAtOnce` sends it).
 */
export function shouldAlert(c: AlertableCase, change: CaseChange, opts: { minSeverity: Severity }): AlertReason | null {
  if (change.kind === 'action') return null;
  if (c.status === 'closed' || c.status === 'dismissed') return null;
  const alerted = !!c.alertedAt && (!c.reopenedAt || Date.parse(c.alertedAt) >= Date.parse(c.reopenedAt));
  if (alerted) return null;
  const sev = rank(c.severity);
  if (!(c.alertAtOnce || (sev >= 0 && sev >= rank(opts.minSeverity)))) return null;
  // A joined sighting of a case that was never alerted and now passes: its severity was raised (or the
  // first alert never went out); either way the officers have not been told yet.
  return change.kind === 'joined' ? 'escalated' : change.kind;
}
