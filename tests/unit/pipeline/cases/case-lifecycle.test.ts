import { describe, expect, it } from 'vitest';
import type { CaseAction, CaseStatus } from '../../../../core/domain.ts';
import { AppError, BadInputError, ConflictError, ForbiddenError } from '../../../../core/errors.ts';
import { allowedActions, applyCaseAction, isOverdue, SYSTEM_ACTOR } from '../../../../core/pipeline/cases/case-lifecycle.ts';
import type { CaseActor, CaseState } from '../../../../core/pipeline/cases/case-lifecycle.ts';

const NOW = new Date('2025-06-10T02:00:00.000Z');
const RULE = { rectificationDays: 7 };
const STATES: CaseStatus[] = ['new', 'confirmed', 'dismissed', 'dispatched', 'rectified', 'verified', 'closed'];
const ACTIONS: CaseAction[] = ['confirm', 'dismiss', 'dispatch', 'report-rectified', 'verify', 'close', 'reopen'];

const officer: CaseActor = { id: 'o1', role: 'officer', departmentId: 'dept-a' };
const officerB: CaseActor = { id: 'o2', role: 'officer', departmentId: 'dept-b' };
const manager: CaseActor = { id: 'm1', role: 'manager', departmentId: null };
const admin: CaseActor = { id: 'a1', role: 'admin', departmentId: null };
const operator: CaseActor = { id: 'p1', role: 'operator', departmentId: 'dept-a' };
const dock: CaseActor = { id: 'k1', role: 'dock', departmentId: null };

const caseIn = (status: CaseStatus, departmentId: string | null = 'dept-a'): CaseState => ({
  status, departmentId, assignee: ['dispatched', 'rectified', 'verified'].includes(status) ? 'u9' : null,
  dueAt: status === 'new' ? null : '2025-06-20T00:00:00.000Z',
});

type Outcome = CaseStatus | 403 | 409;
// Rows: states in STATES order; columns: confirm, dismiss, dispatch, report-rectified, verify, close, reopen.
// Written out by hand from ../shared/docs/DOMAIN.md plus the documented extra re-dispatch edges.
const OFFICER_OWN: Outcome[][] = [
  /* new        */ ['confirmed', 'dismissed', 409, 409, 409, 403, 409],
  /* confirmed  */ [409, 409, 'dispatched', 409, 409, 403, 409],
  /* dismissed  */ [409, 409, 409, 409, 409, 403, 'new'],
  /* dispatched */ [409, 409, 'dispatched', 'rectified', 'verified', 403, 409],
  /* rectified  */ [409, 409, 'dispatched', 409, 'verified', 403, 409],
  /* verified   */ [409, 409, 409, 409, 409, 403, 409],
  /* closed     */ [409, 409, 409, 409, 409, 403, 'new'],
];
const MANAGER: Outcome[][] = [
  /* new        */ ['confirmed', 'dismissed', 409, 409, 409, 409, 409],
  /* confirmed  */ [409, 409, 'dispatched', 409, 409, 409, 409],
  /* dismissed  */ [409, 409, 409, 409, 409, 409, 'new'],
  /* dispatched */ [409, 409, 'dispatched', 'rectified', 'verified', 409, 409],
  /* rectified  */ [409, 409, 'dispatched', 409, 'verified', 409, 409],
  /* verified   */ [409, 409, 409, 409, 409, 'closed', 409],
  /* closed     */ [409, 409, 409, 409, 409, 409, 'new'],
];
const ADMIN: Outcome[][] = [
  /* new        */ ['confirmed', 'dismissed', 409, 409, 409, 409, 409],
  /* confirmed  */ [409, 409, 'dispatched', 409, 409, 409, 409],
  /* dismissed  */ [409, 409, 409, 409, 409, 409, 'new'],
  /* dispatched */ [409, 409, 'dispatched', 'rectified', 'verified', 409, 409],
  /* rectified  */ [409, 409, 'dispatched', 409, 'verified', 409, 409],
  /* verified   */ [409, 409, 409, 409, 409, 'closed', 409],
  /* closed     */ [409, 409, 409, 409, 409, 409, 'new'],
];
const SYSTEM: Outcome[][] = [
  /* new        */ [403, 403, 403, 403, 409, 403, 409],
  /* confirmed  */ [403, 403, 403, 403, 409, 403, 409],
  /* dismissed  */ [403, 403, 403, 403, 409, 403, 'new'],
  /* dispatched */ [403, 403, 403, 403, 'verified', 403, 409],
  /* rectified  */ [403, 403, 403, 403, 'verified', 403, 409],
  /* verified   */ [403, 403, 403, 403, 409, 403, 409],
  /* closed     */ [403, 403, 403, 403, 409, 403, 'new'],
];
const ALL_403: Outcome[][] = [
  [403, 403, 403, 403, 403, 403, 403], [403, 403, 403, 403, 403, 403, 403], [403, 403, 403, 403, 403, 403, 403],
  [403, 403, 403, 403, 403, 403, 403], [403, 403, 403, 403, 403, 403, 403], [403, 403, 403, 403, 403, 403, 403],
  [403, 403, 403, 403, 403, 403, 403],
];

const matrices: [string, CaseActor, string | null, Outcome[][]][] = [
  ['officer of the case department', officer, 'dept-a', OFFICER_OWN],
  ['officer of another department', officerB, 'dept-a', ALL_403],
  ['officer on a case with no department', officer, null, ALL_403],
  ['manager (any department)', manager, 'dept-b', MANAGER],
  ['admin', admin, 'dept-a', ADMIN],
  ['system (pipeline)', SYSTEM_ACTOR, 'dept-a', SYSTEM],
  ['operator', operator, 'dept-a', ALL_403],
  ['dock', dock, 'dept-a', ALL_403],
];

function outcome(status: CaseStatus, dept: string | null, action: CaseAction, actor: CaseActor): Outcome {
  try {
    const { next } = applyCaseAction(caseIn(status, dept), action, actor, { note: 'n', reason: 'r', assignee: 'u1' }, NOW, RULE);
    return next.status;
  } catch (e) {
    if (e instanceof ForbiddenError || e instanceof ConflictError) return e.status as 403 | 409;
    throw e;
  }
}

describe('applyCaseAction: every state x action x role', () => {
  for (const [label, actor, dept, matrix] of matrices) {
    describe(label, () => {
      STATES.forEach((status, i) => {
        ACTIONS.forEach((action, j) => {
          const want = matrix[i]![j]!;
          it(`${status} --${action}--> ${want}`, () => expect(outcome(status, dept, action, actor)).toBe(want));
        });
      });
    });
  }
});

describe('allowedActions', () => {
  const cases: [CaseActor, CaseStatus, CaseAction[]][] = [
    [officer, 'new', ['confirm', 'dismiss']],
    [officer, 'confirmed', ['dispatch']],
    [officer, 'dismissed', ['reopen']],
    [officer, 'dispatched', ['dispatch', 'report-rectified', 'verify']],
    [officer, 'rectified', ['dispatch', 'verify']],
    [officer, 'verified', []],
    [officer, 'closed', ['reopen']],
    [manager, 'verified', ['close']],
    [admin, 'verified', ['close']],
    [officerB, 'new', []],
    [operator, 'new', []],
    [dock, 'dispatched', []],
    [SYSTEM_ACTOR, 'rectified', ['verify']],
    [SYSTEM_ACTOR, 'closed', ['reopen']],
  ];
  for (const [actor, status, want] of cases) {
    it(`${actor.role}${actor === officerB ? ' (other dept)' : ''} on ${status}: ${want.join(', ') || 'none'}`, () =>
      expect(allowedActions(caseIn(status), actor)).toEqual(want));
  }
});

describe('errors', () => {
  it('409 names the state and the allowed actions', () => {
    const err = (() => { try { applyCaseAction(caseIn('dispatched'), 'close', manager, {}, NOW); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).message).toBe('cannot close a case that is dispatched; allowed now: dispatch, report-rectified, verify');
    expect((err as ConflictError).details).toEqual({ status: 'dispatched', action: 'close', allowed: ['dispatch', 'report-rectified', 'verify'] });
  });
  it('403 for a forbidden role comes before the state check', () => {
    expect(() => applyCaseAction(caseIn('closed'), 'confirm', operator, {}, NOW)).toThrow(/role operator may not act on cases/);
    expect(() => applyCaseAction(caseIn('new'), 'close', officer, {}, NOW)).toThrow(/role officer may not close/);
  });
  it('dismiss without a reason or note is 400; a blank reason is no reason', () => {
    for (const input of [{}, { reason: '   ' }, { note: '' }]) {
      expect(() => applyCaseAction(caseIn('new'), 'dismiss', officer, input, NOW)).toThrow(BadInputError);
    }
  });
  it('dismiss takes the note when no reason is given', () => {
    const { next, event } = applyCaseAction(caseIn('new'), 'dismiss', officer, { note: ' 红色屋顶，非明火 ' }, NOW);
    expect(next.dismissReason).toBe('红色屋顶，非明火');
    expect(event.reason).toBe('红色屋顶，非明火');
  });
  it('dispatch without an assignee is 400', () => {
    expect(() => applyCaseAction(caseIn('confirmed'), 'dispatch', officer, { dueAt: '2025-07-01T00:00:00Z' }, NOW, RULE)).toThrow(
      expect.objectContaining({ status: 400, code: 'assignee_required' }),
    );
  });
  it('dispatch with no dueAt, no rule and no due date from confirm is 400', () => {
    const c = { ...caseIn('confirmed'), dueAt: null };
    expect(() => applyCaseAction(c, 'dispatch', officer, { assignee: 'u1' }, NOW)).toThrow(expect.objectContaining({ code: 'due_required' }));
  });
  it('a dueAt that is not an instant, or not after now, is 400', () => {
    expect(() => applyCaseAction(caseIn('confirmed'), 'dispatch', officer, { assignee: 'u1', dueAt: 'next week' }, NOW)).toThrow(expect.objectContaining({ code: 'bad_instant' }));
    expect(() => applyCaseAction(caseIn('confirmed'), 'dispatch', officer, { assignee: 'u1', dueAt: '2025-06-10T01:59:59Z' }, NOW)).toThrow(expect.objectContaining({ code: 'due_in_past' }));
  });
  it('an unknown action is 400, not a crash', () => {
    expect(() => applyCaseAction(caseIn('new'), 'approve' as CaseAction, admin, {}, NOW)).toThrow(expect.objectContaining({ status: 400 }));
  });
  it('all thrown errors are AppErrors carrying their status', () => {
    expect(() => applyCaseAction(caseIn('new'), 'verify', dock, {}, NOW)).toThrow(AppError);
  });
});

describe('due dates', () => {
  it('confirm sets dueAt = now + rectificationDays when absent (2025-06-10T02:00Z + 7 d = 2025-06-17T02:00Z)', () => {
    const { next } = applyCaseAction(caseIn('new'), 'confirm', officer, {}, NOW, RULE);
    expect(next.dueAt).toBe('2025-06-17T02:00:00.000Z');
    expect(next.confirmedAt).toBe('2025-06-10T02:00:00.000Z');
  });
  it('confirm keeps a due date the case already has, and leaves none without a rule', () => {
    expect(applyCaseAction({ ...caseIn('new'), dueAt: '2025-06-12T00:00:00.000Z' }, 'confirm', officer, {}, NOW, RULE).next.dueAt).toBe('2025-06-12T00:00:00.000Z');
    expect(applyCaseAction(caseIn('new'), 'confirm', officer, {}, NOW).next.dueAt).toBeNull();
  });
  it('dispatch takes an explicit dueAt (Date or ISO with offset) as a UTC instant', () => {
    const { next, event } = applyCaseAction(caseIn('confirmed'), 'dispatch', officer, { assignee: 'u1', dueAt: '2025-06-15T18:00:00+08:00' }, NOW, RULE);
    expect(next.dueAt).toBe('2025-06-15T10:00:00.000Z');
    expect(next.assignee).toBe('u1');
    expect(event).toMatchObject({ action: 'dispatch', from: 'confirmed', to: 'dispatched', assignee: 'u1', dueAt: '2025-06-15T10:00:00.000Z' });
  });
  it('dispatch without dueAt runs the rectification period from dispatch (3 d: 2025-06-13T02:00Z)', () => {
    const { next } = applyCaseAction(caseIn('confirmed'), 'dispatch', officer, { assignee: 'u1' }, NOW, { rectificationDays: 3 });
    expect(next.dueAt).toBe('2025-06-13T02:00:00.000Z');
  });
  it('dispatch without dueAt or rule keeps the due date set at confirm', () => {
    expect(applyCaseAction(caseIn('confirmed'), 'dispatch', officer, { assignee: 'u1' }, NOW).next.dueAt).toBe('2025-06-20T00:00:00.000Z');
  });
  it('re-dispatch from rectified keeps the assignee when none is given and clears rectifiedAt', () => {
    const c = { ...caseIn('rectified'), rectifiedAt: '2025-06-09T00:00:00.000Z' };
    const { next } = applyCaseAction(c, 'dispatch', officer, { note: '整改不到位' }, NOW, RULE);
    expect(next).toMatchObject({ status: 'dispatched', assignee: 'u9', rectifiedAt: null, dueAt: '2025-06-17T02:00:00.000Z' });
  });
});

describe('isOverdue', () => {
  const due = '2025-06-10T02:00:00.000Z';
  it('is strictly after the due date', () => {
    expect(isOverdue({ status: 'dispatched', dueAt: due }, new Date('2025-06-10T02:00:00.000Z'))).toBe(false);
    expect(isOverdue({ status: 'dispatched', dueAt: due }, new Date('2025-06-10T02:00:00.001Z'))).toBe(true);
  });
  it('holds for new, confirmed and dispatched only', () => {
    const later = new Date('2025-07-01T00:00:00Z');
    const got = STATES.map((status) => isOverdue({ status, dueAt: due }, later));
    // new, confirmed, dismissed, dispatched, rectified, verified, closed
    expect(got).toEqual([true, true, false, true, false, false, false]);
  });
  it('is false without a due date', () => expect(isOverdue({ status: 'confirmed', dueAt: null }, new Date('2030-01-01T00:00:00Z'))).toBe(false));
});

describe('reopen', () => {
  it('starts a new cycle: status new, cycle fields cleared, count and time recorded, other fields kept', () => {
    const closed = {
      ...caseIn('closed'), id: 'case-7', class: 'fire', reopenCount: 1, confirmedAt: '2025-05-01T00:00:00.000Z', dispatchedAt: '2025-05-02T00:00:00.000Z',
      rectifiedAt: '2025-05-03T00:00:00.000Z', verifiedAt: '2025-05-04T00:00:00.000Z', closedAt: '2025-05-05T00:00:00.000Z',
    };
    const { next, event } = applyCaseAction(closed, 'reopen', SYSTEM_ACTOR, { note: 'seen again by patrol' }, NOW);
    expect(next).toEqual({
      id: 'case-7', class: 'fire', status: 'new', departmentId: 'dept-a', reopenCount: 2, reopenedAt: '2025-06-10T02:00:00.000Z',
      assignee: null, dueAt: null, confirmedAt: null, dismissedAt: null, dismissReason: null, dispatchedAt: null, rectifiedAt: null, rectifiedBy: null,
      verifiedAt: null, closedAt: null,
    });
    expect(event).toEqual({
      action: 'reopen', from: 'closed', to: 'new', note: 'seen again by patrol', reason: null, assignee: null, dueAt: null,
      actorId: 'system', actorRole: 'system', at: '2025-06-10T02:00:00.000Z',
    });
  });
  it('does not change the case it was given', () => {
    const c = caseIn('dismissed');
    const copy = structuredClone(c);
    applyCaseAction(c, 'reopen', officer, {}, NOW);
    expect(c).toEqual(copy);
  });
});
