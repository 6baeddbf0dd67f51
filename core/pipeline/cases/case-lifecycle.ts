/**
 * The case state machine (../shared/docs/DOMAIN.md, "The case lifecycle"): pure, with `now` passed in.
 * The caller loads the case, calls `applyCaseAction`, saves `next` and records `event` as an audit entry
 * (see `core/pipeline/audit/audit-chain.ts`) in one transaction.
 */
import { CASE_ACTIONS } from '../../domain.ts';
import type { CaseAction, CaseStatus } from '../../domain.ts';
import { BadInputError, ConflictError, ForbiddenError } from '../../errors.ts';
import { addDays, parseInstant, text } from './case-input.ts';
import { AWAITING_RECTIFICATION, ROLE_ACTIONS, TRANSITIONS } from './case-transitions.table.ts';
import type { CaseActorRole } from './case-transitions.table.ts';

/** The parts of a case the lifecycle reads and writes; a repository row with more fields passes through unchanged. Instants are ISO-8601 UTC. */
export interface CaseState {
  status: CaseStatus;
  departmentId: string | null;
  assignee?: string | null;
  dueAt?: string | null;
  confirmedAt?: string | null;
  dismissedAt?: string | null;
  dismissReason?: string | null;
  dispatchedAt?: string | null;
  rectifiedAt?: string | null;
  rectifiedBy?: string | null;
  verifiedAt?: string | null;
  closedAt?: string | null;
  reopenedAt?: string | null;
  reopenCount?: number;
}

/** Who acts. `departmentId` matters for officers only. */
export interface CaseActor {
  id: string;
  role: CaseActorRole;
  departmentId: string | null;
}

/** The pipeline acting on its own: reopen on a new sighting, verify from a clean later patrol. */
export const SYSTEM_ACTOR: CaseActor = Object.freeze({ id: 'system', role: 'system', departmentId: null });

export interface CaseActionInput {
  note?: string | null;
  /** Required by `dispatch` unless the case already has an assignee. */
  assignee?: string | null;
  dueAt?: string | Date | null;
  /** Why a case is dismissed; `note` serves when absent. */
  reason?: string | null;
}

/** The rule that flagged the case: its rectification period gives the default due date. */
export interface CaseRule {
  rectificationDays: number;
}

/** What happened, for the audit trail and the live event stream. */
export interface CaseEvent {
  action: CaseAction;
  from: CaseStatus;
  to: CaseStatus;
  note: string | null;
  reason: string | null;
  assignee: string | null;
  dueAt: string | null;
  actorId: string;
  actorRole: CaseActorRole;
  at: string;
}

/** How the office divides the work. */
export interface CasePolicy {
  /** Whoever reported a case rectified does not also verify it (config SEPARATION_OF_DUTIES). */
  separationOfDuties?: boolean;
}

/** The reporter of the rectification verifying it themselves, where the policy forbids it. */
const verifiesOwnReport = (c: CaseState, actor: CaseActor, action: CaseAction, policy: CasePolicy): boolean =>
  !!policy.separationOfDuties && action === 'verify' && actor.role !== 'system' && !!c.rectifiedBy && c.rectifiedBy === actor.id;

/** True when `actor` may take `action` on this case in its current status. */
function permitted(c: CaseState, actor: CaseActor, action: CaseAction, policy: CasePolicy = {}): boolean {
  if (!ROLE_ACTIONS[actor.role].includes(action)) return false;
  if (verifiesOwnReport(c, actor, action, policy)) return false;
  // Officers act on their own department only; a case with no department waits for a manager.
  if (actor.role === 'officer') return c.departmentId !== null && c.departmentId === actor.departmentId;
  return true;
}

/** The actions this actor may take on the case now, in lifecycle order: the buttons the UI shows. */
export function allowedActions(c: CaseState, actor: CaseActor, policy: CasePolicy = {}): CaseAction[] {
  return CASE_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(c.status) && permitted(c, actor, a, policy));
}

/**
 * True when the case still waits for rectification (new, confirmed, dispatched) and its due date has
 * passed. A case reported rectified, verified, closed or dismissed is never overdue: the due date is the
 * rectification deadline (整改期限), and late verification is the office's delay, not the enterprise's.
 */
export function isOverdue(c: Pick<CaseState, 'status' | 'dueAt'>, now: Date): boolean {
  if (!AWAITING_RECTIFICATION.includes(c.status) || !c.dueAt) return false;
  return now.getTime() > parseInstant(c.dueAt, 'dueAt').getTime();
}

function checkPermission(c: CaseState, actor: CaseActor, action: CaseAction, policy: CasePolicy): void {
  const roleActions = ROLE_ACTIONS[actor.role];
  if (roleActions.length === 0) throw new ForbiddenError(`role ${actor.role} may not act on cases`);
  if (!roleActions.includes(action)) throw new ForbiddenError(`role ${actor.role} may not ${action} a case`);
  if (verifiesOwnReport(c, actor, action, policy)) {
    throw new ForbiddenError(`${actor.id} reported this case rectified and may not also verify it (separation of duties): another officer or a manager verifies`);
  }
  if (!permitted(c, actor, action)) {
    throw new ForbiddenError(`case belongs to department ${c.departmentId ?? '(none)'}; officer ${actor.id} is of ${actor.departmentId ?? '(none)'}`);
  }
}

function dueDate(input: CaseActionInput, now: Date): Date | null {
  if (input.dueAt == null) return null;
  const due = parseInstant(input.dueAt, 'dueAt');
  if (due.getTime() <= now.getTime()) throw new BadInputError('due_in_past', `dueAt ${due.toISOString()} is not after now (${now.toISOString()})`, { field: 'dueAt' });
  return due;
}

/** The fields each action changes. Input has been checked for permission and status already. */
function changes(c: CaseState, action: CaseAction, actor: CaseActor, input: CaseActionInput, now: Date, rule?: CaseRule): Partial<CaseState> {
  const at = now.toISOString();
  const ruleDue = () => (rule ? addDays(now, rule.rectificationDays).toISOString() : null);
  switch (action) {
    case 'confirm':
      return { confirmedAt: at, dueAt: dueDate(input, now)?.toISOString() ?? c.dueAt ?? ruleDue() };
    case 'dismiss': {
      const reason = text(input.reason) ?? text(input.note);
      if (!reason) throw new BadInputError('reason_required', 'dismiss needs a reason (why this is a false alarm)', { field: 'reason' });
      return { dismissedAt: at, dismissReason: reason };
    }
    case 'dispatch': {
      const assignee = text(input.assignee) ?? text(c.assignee);
      if (!assignee) throw new BadInputError('assignee_required', 'dispatch needs an assignee', { field: 'assignee' });
      // The rectification period runs from dispatch; without a rule the due date set at confirm stays.
      const due = dueDate(input, now)?.toISOString() ?? ruleDue() ?? c.dueAt ?? null;
      if (!due) throw new BadInputError('due_required', 'dispatch needs dueAt: no rule gives a rectification period', { field: 'dueAt' });
      return { assignee, dueAt: due, dispatchedAt: at, rectifiedAt: null, rectifiedBy: null };
    }
    case 'report-rectified':
      return { rectifiedAt: at, rectifiedBy: actor.id };
    case 'verify':
      return { verifiedAt: at };
    case 'close':
      return { closedAt: at };
    case 'reopen':
      // A new cycle on the same case: the old cycle's decisions stay in case_decisions and the audit trail.
      return {
        reopenedAt: at, reopenCount: (c.reopenCount ?? 0) + 1, assignee: null, dueAt: null, confirmedAt: null, dismissedAt: null,
        dismissReason: null, dispatchedAt: null, rectifiedAt: null, rectifiedBy: null, verifiedAt: null, closedAt: null,
      };
  }
}

/**
 * Applies one action. Throws ForbiddenError (403) when the actor's role may not take it or an officer is
 * of another department, ConflictError (409, code `invalid_transition`) when the current status does not
 * allow it, BadInputError (400) for a dismiss without reason, a dispatch without assignee or due date, or
 * a bad `dueAt`. Checks run in that order, so a forbidden request learns nothing about the case's state.
 */
export function applyCaseAction<T extends CaseState>(
  c: T, action: CaseAction, actor: CaseActor, input: CaseActionInput, now: Date, rule?: CaseRule, policy: CasePolicy = {},
): { next: T; event: CaseEvent } {
  if (!CASE_ACTIONS.includes(action)) throw new BadInputError('unknown_action', `unknown case action ${String(action)}`, { field: 'action' });
  checkPermission(c, actor, action, policy);
  const { from, to } = TRANSITIONS[action];
  if (!from.includes(c.status)) {
    const allowed = allowedActions(c, actor);
    throw new ConflictError('invalid_transition', `cannot ${action} a case that is ${c.status}; allowed now: ${allowed.join(', ') || 'none'}`, { status: c.status, action, allowed });
  }
  const next = { ...c, ...changes(c, action, actor, input, now, rule), status: to };
  const event: CaseEvent = {
    action, from: c.status, to, note: text(input.note), reason: action === 'dismiss' ? (next.dismissReason ?? null) : text(input.reason),
    assignee: next.assignee ?? null, dueAt: next.dueAt ?? null, actorId: actor.id, actorRole: actor.role, at: now.toISOString(),
  };
  return { next, event };
}
