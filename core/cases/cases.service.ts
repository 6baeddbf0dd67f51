/**
 * The cases service: the one owner of the case record's rules (docs/cases.md) and of the transaction they
 * run in. One instance lives in `Services` and serves the routes, the analysis worker and the enterprise
 * visit. Every change loads what it needs, runs the pure lifecycle and matcher, and writes the case, its
 * findings, the audit entry, the decision and the outbox rows it owes in ONE transaction; the relay sends
 * the outbox afterwards. Ids and times of what it writes come from the input and the clock, so a retried
 * change writes exactly the rows a clean run would. Its SQL lives in core/db/repositories/.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { CaseAction, Severity } from '../domain.ts';
import { BadInputError, NotFoundError, ConflictError } from '../errors.ts';
import type { Database } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import { CasesRepository, type CaseRecord } from '../db/repositories/cases.repository.ts';
import { FindingsRepository, type Finding } from '../db/repositories/findings.repository.ts';
import { OutboxRepository } from '../db/repositories/outbox.repository.ts';
import { UsersRepository } from '../db/repositories/users.repository.ts';
import { ImagesRepository } from '../db/repositories/images.repository.ts';
import { appendEntry, type AuditEntry, type AuditEntryInput } from '../pipeline/audit/audit-chain.ts';
import { shouldAlert, type CaseChange } from '../pipeline/alerts/should-alert.ts';
import { allowedActions, applyCaseAction, SYSTEM_ACTOR, type CaseActionInput, type CaseActor, type CaseEvent, type CasePolicy } from '../pipeline/cases/case-lifecycle.ts';
import { matchCase, verifiedByPatrol } from '../pipeline/cases/join-findings.ts';
import { caseJson } from './case.view.ts';

export interface RuleForCase {
  severity: string;
  violation: string;
  rectificationDays: number;
  /** The rule's "alert at once". */
  alertImmediately?: boolean;
}

/**
 * What a finding did to its case: opened it, joined it, reopened it (a recurrence, 复发), or joined it as
 * an earlier sighting (captured before the case was closed or dismissed: recorded, nothing else).
 */
export type FindingOutcome = { kind: 'new' | 'join' | 'reopen' | 'earlier'; case: CaseRecord; findingId: string; alert: string | null; event?: CaseEvent };

export interface CasesServiceOptions {
  joinDistanceM: number;
  onDismissed: 'reopen' | 'join';
  alertMinSeverity: Severity;
  separationOfDuties: boolean;
}

/** One photo's analysis, ready to commit: its flagged findings with their rules, and what it saw. */
export interface PhotoAnalysis {
  image: { id: string; capturedAt: string | null; footprint: GeoJSON.Polygon | null };
  findings: Array<{ finding: Omit<Finding, 'createdAt' | 'caseId'>; rule: RuleForCase }>;
  /** Classes of every detection on the photo, held back or not (a photo with any box of a case's class does not verify it). */
  detectedClasses: readonly string[];
}

export interface PhotoAnalysisResult {
  outcomes: FindingOutcome[];
  verified: string[];
}

/** Test seams: `afterWrite` runs after every write of a change (a test makes it throw to simulate a crash). */
export interface CasesServiceHooks {
  afterWrite?: (step: string) => void | Promise<void>;
}

/** A snapshot of the case for the audit trail: the fields that matter, not the bookkeeping. */
const snapshot = (c: CaseRecord | null) =>
  c && { status: c.status, severity: c.severity, assignee: c.assignee, dueAt: c.dueAt, departmentId: c.departmentId, sightings: c.sightings, reopenCount: c.reopenCount };

/** The id of the case a finding opens: derived from the finding, so a retry cannot open a second one. */
export function caseIdFor(findingId: string): string {
  const h = createHash('sha256').update(`case:${findingId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ALERT_CHANGE: Record<FindingOutcome['kind'], CaseChange> = { new: { kind: 'opened' }, join: { kind: 'joined' }, reopen: { kind: 'reopened' }, earlier: { kind: 'action' } };

/** The writes of one transaction, each followed by the test hook. */
class Unit {
  readonly cases: CasesRepository;
  readonly findings: FindingsRepository;
  readonly outbox: OutboxRepository;
  readonly users: UsersRepository;
  constructor(
    readonly trx: Kysely<Database>,
    private readonly hooks: CasesServiceHooks,
  ) {
    this.cases = new CasesRepository(trx);
    this.findings = new FindingsRepository(trx);
    this.outbox = new OutboxRepository(trx);
    this.users = new UsersRepository(trx);
  }

  async wrote(step: string): Promise<void> {
    await this.hooks.afterWrite?.(step);
  }

  /** Appends the audit entry and, for a decision, its never-updated copy in case_decisions. */
  async audit(input: AuditEntryInput, c: CaseRecord, decision: boolean): Promise<AuditEntry> {
    const entry = appendEntry(await this.cases.lastAudit(), input);
    await this.cases.insertAudit(entry);
    await this.wrote(`audit ${input.action}`);
    if (decision) {
      await this.cases.insertDecision({
        auditSeq: entry.seq, caseId: c.id, action: input.action, actorId: input.actorId, actorRole: input.actorRole, at: String(input.at), note: input.note, cycle: c.reopenCount, class: c.class, modelId: c.modelId,
      });
      await this.wrote(`decision ${input.action}`);
    }
    return entry;
  }

  async announceCase(c: CaseRecord, seq: number, now: Date): Promise<void> {
    await this.outbox.add(`event:case.updated:${seq}`, { topic: 'event', payload: { type: 'case.updated', data: caseJson(c, now) } }, now.toISOString());
    await this.wrote('outbox case.updated');
  }
}

export class CasesService {
  /** Test seams (see CasesServiceHooks); empty in service. */
  hooks: CasesServiceHooks = {};
  /** The clock of every write; tests fix it so two runs can be compared row for row. */
  clock: () => Date = () => new Date();
  /** Called after each committed change (the outbox relay's drain); failures there are the relay's to retry. */
  afterCommit: () => Promise<unknown> = async () => undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly options: CasesServiceOptions,
  ) {}

  get policy(): CasePolicy {
    return { separationOfDuties: this.options.separationOfDuties };
  }

  private async inTransaction<T>(work: (unit: Unit) => Promise<T>): Promise<T> {
    const result = await writeTransaction(this.db, this.dialect, async (trx) => {
      // One writer of the audit chain at a time (SQLite serialises writers by itself).
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(738201)`.execute(trx);
      return work(new Unit(trx, this.hooks));
    });
    await this.afterCommit();
    return result;
  }

  /**
   * Commits one photo's analysis: its findings, the cases they join, open or reopen, sightings, audit
   * entries, decisions, outbox rows, stale findings removed, the cases a clean patrol photo verifies, and
   * the photo marked done.
   * A finding already filed (a retried or repeated analysis) keeps its case and changes nothing else.
   */
  async commitPhotoAnalysis(analysis: PhotoAnalysis): Promise<PhotoAnalysisResult> {
    const now = this.clock();
    return this.inTransaction(async (unit) => {
      const outcomes: FindingOutcome[] = [];
      for (const { finding, rule } of analysis.findings) {
        const outcome = await this.fileFinding(unit, finding, rule, now);
        if (outcome) outcomes.push(outcome);
      }
      const stale = await unit.findings.removeForImageExcept(analysis.image.id, analysis.findings.map((f) => f.finding.id));
      if (stale.length) await unit.wrote('remove stale findings');
      const verified = analysis.image.footprint && analysis.image.capturedAt
        ? await this.verifyByPatrol(unit, { id: analysis.image.id, footprint: analysis.image.footprint, capturedAt: analysis.image.capturedAt }, analysis.detectedClasses, now)
        : [];
      await new ImagesRepository(unit.trx).setStatus(analysis.image.id, 'done', null, now.toISOString());
      await unit.wrote('image done');
      return { outcomes, verified };
    });
  }

  /** Files one finding on its own (tests and tools; the analysis commits a photo's findings together). */
  async recordFinding(finding: Omit<Finding, 'createdAt' | 'caseId'> & { caseId?: string | null }, rule: RuleForCase): Promise<FindingOutcome> {
    const now = this.clock();
    const outcome = await this.inTransaction((unit) => this.fileFinding(unit, finding, rule, now));
    if (!outcome) throw new ConflictError('already_filed', `finding ${finding.id} is already filed`);
    return outcome;
  }

  /**
   * One finding: joins the nearest open case of its class, or opens one; near a closed or dismissed
   * case it acts by its capture time. Captured after the closing or dismissal it is a recurrence (复发)
   * and reopens the case (or joins a dismissed one where DISMISSED_SIGHTING=join); captured before, or
   * at an unknown time, it joins the record as an earlier sighting and changes nothing else.
   */
  private async fileFinding(unit: Unit, f: Omit<Finding, 'createdAt' | 'caseId'>, rule: RuleForCase, now: Date): Promise<FindingOutcome | null> {
    const at = now.toISOString();
    const existing = await unit.findings.get(f.id);
    if (existing?.caseId) {
      await unit.findings.upsert(f, at);
      await unit.wrote('finding refreshed');
      return null;
    }
    const candidates =
      f.lat !== null && f.lon !== null
        ? await unit.cases.candidatesNear(f.class, f.lat, f.lon, this.options.joinDistanceM)
        : await this.casesOfImage(unit, f.imageId, f.class);
    const match = matchCase(f, candidates, { maxDistanceM: this.options.joinDistanceM, onDismissed: this.options.onDismissed });

    let kind: FindingOutcome['kind'];
    let before: CaseRecord | null = null;
    let next: CaseRecord;
    let event: CaseEvent | undefined;
    if (match.kind === 'new') {
      kind = 'new';
      next = {
        id: caseIdFor(f.id), caseNo: await unit.cases.nextCaseNumber(at), class: f.class, status: 'new', severity: rule.severity, violation: rule.violation,
        lat: f.lat, lon: f.lon, district: f.district, enterpriseId: f.enterpriseId, departmentId: f.departmentId, assignee: null, dueAt: null,
        rectificationDays: rule.rectificationDays, sightings: 1, reopenCount: 0, modelId: f.modelId, openedAt: at, confirmedAt: null, dismissedAt: null,
        closedAt: null, updatedAt: at, alertedAt: null,
      };
    } else {
      before = (await unit.cases.get(match.caseId))!;
      next = { ...before, sightings: before.sightings + 1, updatedAt: at };
      kind = 'join';
      const decidedAt = before.status === 'closed' ? before.closedAt : before.status === 'dismissed' ? before.dismissedAt : null;
      if (decidedAt !== null) {
        const recurrence = f.capturedAt !== null && Date.parse(f.capturedAt) > Date.parse(decidedAt);
        if (!recurrence) kind = 'earlier';
        else if (match.kind === 'reopen') {
          const result = applyCaseAction(next, 'reopen', SYSTEM_ACTOR, { note: `seen again in finding ${f.id}, captured ${f.capturedAt}` }, now, rule);
          next = { ...result.next, updatedAt: at };
          event = result.event;
          kind = 'reopen';
        }
      }
    }
    const alert = shouldAlert({ ...next, alertAtOnce: !!rule.alertImmediately }, ALERT_CHANGE[kind], { minSeverity: this.options.alertMinSeverity });
    if (alert) next = { ...next, alertedAt: at };

    if (before) await unit.cases.update(next);
    else await unit.cases.insert(next);
    await unit.wrote(before ? 'case update' : 'case insert');
    await unit.findings.upsert({ ...f, caseId: next.id }, at);
    await unit.wrote('finding');

    const where = match.kind !== 'new' && match.distanceM !== null ? ` at ${match.distanceM.toFixed(1)} m` : '';
    const note =
      kind === 'new' ? `finding ${f.id} (${f.class}, score ${f.score.toFixed(2)})`
      : kind === 'earlier' ? `finding ${f.id}${where}, captured ${f.capturedAt ?? 'at an unknown time'}: before the case was ${before!.status} (${before!.status === 'closed' ? before!.closedAt : before!.dismissedAt}), an earlier sighting`
      : kind === 'reopen' ? `recurrence (复发): finding ${f.id}${where}, captured ${f.capturedAt}, after the case was ${before!.status} (${before!.status === 'closed' ? before!.closedAt : before!.dismissedAt})`
      : `finding ${f.id}${where}`;
    const action = kind === 'new' ? 'open' : kind === 'reopen' ? 'reopen' : 'sighting';
    const entry = await unit.audit({ caseId: next.id, actorId: SYSTEM_ACTOR.id, actorRole: SYSTEM_ACTOR.role, at, action, note, before: snapshot(before), after: snapshot(next) }, next, kind === 'reopen');

    await unit.outbox.add(`event:finding.created:${f.id}`, { topic: 'event', payload: { type: 'finding.created', data: { ...f, caseId: next.id, caseNo: next.caseNo, caseStatus: next.status, createdAt: at } } }, at);
    await unit.wrote('outbox finding.created');
    await unit.announceCase(next, entry.seq, now);
    if (alert) {
      await unit.outbox.add(`alert:${entry.seq}`, { topic: 'alert', payload: { caseId: next.id, reason: alert, departmentId: next.departmentId, severity: next.severity } }, at);
      await unit.wrote('outbox alert');
    }
    return { kind, case: next, findingId: f.id, alert, event };
  }

  /** Positionless findings group by image (the pure matcher does the grouping). */
  private async casesOfImage(unit: Unit, imageId: string, cls: string) {
    const rows = await unit.trx.selectFrom('findings').select('case_id').where('image_id', '=', imageId).where('class', '=', cls).where('case_id', 'is not', null).execute();
    const found = await unit.cases.list({ ids: [...new Set(rows.map((r) => r.case_id!))] });
    return found.map((c) => ({ ...c, imageIds: [imageId] }));
  }

  /**
   * A later patrol photo that sees the place clean verifies a dispatched or rectified case (the system's
   * "verify"; closing stays a manager's decision). Conservative: any box of the class in the photo, held
   * back or not, keeps the case as it is.
   */
  private async verifyByPatrol(unit: Unit, image: { id: string; footprint: GeoJSON.Polygon; capturedAt: string }, classes: readonly string[], now: Date): Promise<string[]> {
    const verified: string[] = [];
    for (const c of await unit.cases.list({ openOnly: true })) {
      if ((c.status !== 'dispatched' && c.status !== 'rectified') || (c.dispatchedAt ?? c.openedAt) >= image.capturedAt) continue;
      if (!verifiedByPatrol(c, [{ id: image.id, footprint: image.footprint }], classes.map((cls) => ({ imageId: image.id, class: cls })))) continue;
      await this.applyAction(unit, c, 'verify', SYSTEM_ACTOR, { note: `later patrol photo ${image.id} (${image.capturedAt}) shows no ${c.class} here` }, now);
      verified.push(c.id);
    }
    return verified;
  }

  /** A person's lifecycle action (or the system's), with its audit entry, decision and live event. */
  async act(caseId: string, action: CaseAction, actor: CaseActor, input: CaseActionInput): Promise<{ case: CaseRecord; event: CaseEvent }> {
    const now = this.clock();
    return this.inTransaction(async (unit) => {
      const current = await unit.cases.get(caseId);
      if (!current) throw new NotFoundError('case', caseId);
      return this.applyAction(unit, current, action, actor, input, now);
    });
  }

  /**
   * An on-site visit to an enterprise: dispatches all the named cases (confirming those still new on the
   * way) to one assignee, or none: any case that cannot be dispatched fails the whole visit unchanged.
   */
  async dispatchVisit(enterpriseId: string, caseIds: readonly string[], actor: CaseActor, input: CaseActionInput): Promise<CaseRecord[]> {
    const now = this.clock();
    return this.inTransaction(async (unit) => {
      const done: CaseRecord[] = [];
      for (const id of caseIds) {
        let c = await unit.cases.get(id);
        if (!c || c.enterpriseId !== enterpriseId) throw new NotFoundError(`case of enterprise ${enterpriseId}`, id);
        const allowed = allowedActions(c, actor, this.policy);
        if (!allowed.includes('dispatch') && !(c.status === 'new' && allowed.includes('confirm'))) {
          throw new ConflictError('invalid_transition', `case ${c.caseNo} is ${c.status}: it cannot be dispatched by you now`, { caseId: id, caseNo: c.caseNo, status: c.status, allowed });
        }
        // Cases still "new" are confirmed on the way: the visit is the officer's decision to act on them.
        if (c.status === 'new') c = (await this.applyAction(unit, c, 'confirm', actor, { note: input.note }, now)).case;
        done.push((await this.applyAction(unit, c, 'dispatch', actor, input, now)).case);
      }
      return done;
    });
  }

  private async applyAction(unit: Unit, current: CaseRecord, action: CaseAction, actor: CaseActor, input: CaseActionInput, now: Date): Promise<{ case: CaseRecord; event: CaseEvent }> {
    // The pure lifecycle first: a forbidden (403) or out-of-state (409) request learns nothing about people.
    const { next, event } = applyCaseAction(current, action, actor, input, now, { rectificationDays: current.rectificationDays }, this.policy);
    if (action === 'dispatch' && next.assignee !== current.assignee) await this.checkAssignee(unit, current, next.assignee!);
    const saved: CaseRecord = { ...next, reopenCount: next.reopenCount ?? current.reopenCount, updatedAt: now.toISOString() };
    await unit.cases.update(saved);
    await unit.wrote(`case ${action}`);
    const deadline = action === 'dispatch' ? (input.dueAt ? `due ${saved.dueAt} (set by ${actor.id})` : `due ${saved.dueAt} (rule: ${current.rectificationDays} days)`) : null;
    const note = [event.note, event.reason && event.reason !== event.note ? `reason: ${event.reason}` : null, event.assignee && action === 'dispatch' ? `assignee: ${event.assignee}` : null, deadline]
      .filter(Boolean)
      .join('; ');
    const entry = await unit.audit({ caseId: current.id, actorId: actor.id, actorRole: actor.role, at: event.at, action, note: note || null, before: snapshot(current), after: snapshot(saved) }, saved, true);
    await unit.announceCase(saved, entry.seq, now);
    return { case: saved, event };
  }

  /** The assignee must be one of the people who work the case's department's cases. */
  private async checkAssignee(unit: Unit, c: CaseRecord, assignee: string): Promise<void> {
    const people = await unit.users.caseWorkers(c.departmentId);
    if (!people.some((p) => p.id === assignee)) {
      throw new BadInputError('bad_assignee', `assignee ${assignee} is not one of the ${c.departmentId ?? 'case workers'}'s people (choose from GET /api/v1/cases/${c.id}/assignees)`, { field: 'assignee' });
    }
  }
}
