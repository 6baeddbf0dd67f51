import { describe, expect, it } from 'vitest';
import { shouldAlert } from '../../../../core/pipeline/alerts/should-alert.ts';
import type { AlertableCase, CaseChange } from '../../../../core/pipeline/alerts/should-alert.ts';

const min = { minSeverity: 'high' as const };
const c = (over: Partial<AlertableCase>): AlertableCase => ({ status: 'new', severity: 'medium', alertAtOnce: false, alertedAt: null, reopenedAt: null, ...over });

describe('shouldAlert (minimum severity high)', () => {
  const table: [string, AlertableCase, CaseChange, ReturnType<typeof shouldAlert>][] = [
    ['opened, alert at once, low severity', c({ severity: 'low', alertAtOnce: true }), { kind: 'opened' }, 'opened'],
    ['opened, high', c({ severity: 'high' }), { kind: 'opened' }, 'opened'],
    ['opened, critical', c({ severity: 'critical' }), { kind: 'opened' }, 'opened'],
    ['opened, medium, not at once', c({}), { kind: 'opened' }, null],
    ['opened again by a retried job after the alert went out', c({ severity: 'critical', alertedAt: '2025-06-10T02:00:00Z' }), { kind: 'opened' }, null],
    ['a joined sighting of an alerted case', c({ severity: 'critical', alertedAt: '2025-06-10T02:00:00Z' }), { kind: 'joined' }, null],
    ['a joined sighting of a medium case never alerted', c({}), { kind: 'joined' }, null],
    ['a joined sighting that raised the case to high', c({ severity: 'high' }), { kind: 'joined' }, 'escalated'],
    ['reopened, high, alerted in the previous cycle', c({ severity: 'high', alertedAt: '2025-05-01T00:00:00Z', reopenedAt: '2025-06-10T02:00:00Z' }), { kind: 'reopened' }, 'reopened'],
    ['reopened, retried after this cycle alerted', c({ severity: 'high', alertedAt: '2025-06-10T02:00:01Z', reopenedAt: '2025-06-10T02:00:00Z' }), { kind: 'reopened' }, null],
    ['reopened, medium, not at once', c({ reopenedAt: '2025-06-10T02:00:00Z' }), { kind: 'reopened' }, null],
    ['a lifecycle action', c({ severity: 'critical', alertAtOnce: true }), { kind: 'action' }, null],
    ['a sighting joined to a case left dismissed', c({ status: 'dismissed', severity: 'critical', alertAtOnce: true }), { kind: 'joined' }, null],
    ['an unknown severity, not at once', c({ severity: 'extreme' }), { kind: 'opened' }, null],
  ];
  for (const [why, kase, change, want] of table) it(`${why}: ${want}`, () => expect(shouldAlert(kase, change, min)).toBe(want));

  it('a lower minimum lets medium through', () => expect(shouldAlert(c({}), { kind: 'opened' }, { minSeverity: 'medium' })).toBe('opened'));
});
