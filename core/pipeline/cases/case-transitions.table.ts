/**
 * The case lifecycle as two plain tables: which status each action leads from and to, and which actions
 * each role may take. `case-lifecycle.ts` enforces them; the UI and the docs can read them.
 */
import { CASE_ACTIONS } from '../../domain.ts';
import type { CaseAction, CaseStatus, Role } from '../../domain.ts';

/** Who acts on cases: the human roles, plus `system` for the pipeline (reopen on a new sighting, patrol verification). */
export type CaseActorRole = Role | 'system';

/**
 * From which statuses each action may be taken, and the status it leads to (../shared/docs/DOMAIN.md).
 * Beyond the drawing there, `dispatch` may be repeated: from `dispatched` to reassign or set a new due
 * date, and from `rectified` when the reported rectification is not accepted and goes back to the assignee.
 */
export const TRANSITIONS: Readonly<Record<CaseAction, { readonly from: readonly CaseStatus[]; readonly to: CaseStatus }>> = {
  confirm: { from: ['new'], to: 'confirmed' },
  dismiss: { from: ['new'], to: 'dismissed' },
  dispatch: { from: ['confirmed', 'dispatched', 'rectified'], to: 'dispatched' },
  'report-rectified': { from: ['dispatched'], to: 'rectified' },
  // straight from dispatched: the on-site officer (or a later patrol) sees it already fixed
  verify: { from: ['dispatched', 'rectified'], to: 'verified' },
  close: { from: ['verified'], to: 'closed' },
  reopen: { from: ['closed', 'dismissed'], to: 'new' },
};

const OFFICER_ACTIONS: readonly CaseAction[] = ['confirm', 'dismiss', 'dispatch', 'report-rectified', 'verify', 'reopen'];

/**
 * Actions each role may take. Officers do the daily work but only on their own department's cases
 * (checked in `case-lifecycle.ts`); closing a case (销号) is a manager's sign-off, so managers may do all
 * an officer may, on every department, plus `close`; admins may do everything. Operators and docks never
 * touch cases. `system` only reopens on a recurrence and verifies from a clean later patrol.
 */
export const ROLE_ACTIONS: Readonly<Record<CaseActorRole, readonly CaseAction[]>> = {
  operator: [],
  dock: [],
  officer: OFFICER_ACTIONS,
  manager: [...OFFICER_ACTIONS, 'close'],
  admin: CASE_ACTIONS,
  system: ['verify', 'reopen'],
};

/** Statuses in which the hazard still waits to be rectified: the only ones that can be overdue. */
export const AWAITING_RECTIFICATION: readonly CaseStatus[] = ['new', 'confirmed', 'dispatched'];

/** Statuses of a case still in progress (not closed, not dismissed). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'confirmed', 'dispatched', 'rectified', 'verified'];
