/**
 * Where case changes meet the database: each change loads the case, runs the pure lifecycle or matcher,
 * saves the result and appends the audit entry in ONE transaction. The audit chain is global (one chain
 * over every case), so deleting or editing any entry but the newest breaks it; writers take a lock so
 * the chain never forks.
 */
import { sql, type Kysely } from 'kysely';
import { writeTransaction } from '../db/write-transaction.ts';
import type { CaseAction } from '../domain.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../db/schema.ts';
import { CasesRepository, type CaseRecord } from '../db/repositories/cases.repository.ts';
import type { Finding } from '../db/repositories/findings.repository.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import { appendEntry, type AuditEntry, type AuditEntryInput } from '../pipeline/audit/audit-chain.ts';
import { caseSnapshot } from '../pipeline/audit/case-snapshot.ts';
import { applyCaseAction, SYSTEM_ACTOR, type CaseActionInput, type CaseActor, type CaseEvent } from '../pipeline/cases/case-lifecycle.ts';
import { matchCase, type MatchOptions } from '../pipeline/cases/join-findings.ts';
import type { Dialect } from '../db/database.ts';

export interface RuleForCase {
  severity: string;
  violation: string;
  rectificationDays: number;
}

export type FindingOutcome = { kind: 'new' | 'join' | 'reopen'; case: CaseRecord; event?: CaseEvent };

/** How a finding finds its case: how near it must lie, and what a sighting does to a dismissed case. */
export interface CaseJoinOptions {
  joinDistanceM: number;
  onDismissed?: MatchOptions['onDismissed'];
}

/** A snapshot of the case for the audit trail: the fields that matter, not the bookkeeping. */
const snapshot = (c: CaseRecord | null) => c && caseSnapshot(c);

export class CaseStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly trail: AuditTrail,
  ) {}

  private async inTransaction<T>(work: (trx: Kysely<Database>, cases: CasesRepository, audit: (input: AuditEntryInput) => Promise<void>) => Promise<T>): Promise<T> {
    let written: AuditEntry | null = null;
    const result = await writeTransaction(this.db, this.dialect, async (trx) => {
      // One writer of the audit chain at a time (SQLite serialises writers by itself).
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(738201)`.execute(trx);
      const cases = new CasesRepository(trx);
      const audit = async (input: AuditEntryInput) => {
        written = this.trail.sign(appendEntry(await cases.lastAudit(), input));
        await cases.insertAudit(written);
      };
      return work(trx, cases, audit);
    });
    // Only a committed entry moves the heads kept outside the database.
    const head = written as AuditEntry | null;
    if (head) await this.trail.committed({ seq: head.seq, hash: head.hash });
    return result;
  }

  /** Files a new finding: joins the nearest open case of its class, reopens a closed (or dismissed) one, or opens a case. */
  async recordFinding(finding: Finding, rule: RuleForCase, join: CaseJoinOptions, now: Date): Promise<FindingOutcome> {
    const { joinDistanceM, onDismissed } = join;
    return this.inTransaction(async (trx, cases, audit) => {
      const candidates =
        finding.lat !== null && finding.lon !== null ? await cases.candidatesNear(finding.class, finding.lat, finding.lon, joinDistanceM) : await this.casesOfImage(trx, finding.imageId, finding.class);
      const match = matchCase(finding, candidates, { maxDistanceM: joinDistanceM, onDismissed });
      const at = now.toISOString();
      if (match.kind === 'new') {
        const created: CaseRecord = {
          id: cases.newId(),
          caseNo: await cases.nextCaseNumber(at),
          class: finding.class,
          status: 'new',
          severity: rule.severity,
          violation: rule.violation,
          lat: finding.lat,
          lon: finding.lon,
          district: finding.district,
          enterpriseId: finding.enterpriseId,
          departmentId: finding.departmentId,
          assignee: null,
          dueAt: null,
          rectificationDays: rule.rectificationDays,
          sightings: 1,
          reopenCount: 0,
          modelId: finding.modelId,
          openedAt: at,
          confirmedAt: null,
          dismissedAt: null,
          closedAt: null,
          updatedAt: at,
          alertedAt: null,
        };
        await cases.insert(created);
        await audit({ caseId: created.id, actorId: SYSTEM_ACTOR.id, actorRole: SYSTEM_ACTOR.role, at, action: 'open', note: `finding ${finding.id} (${finding.class}, score ${finding.score.toFixed(2)})`, before: null, after: snapshot(created) });
        return { kind: 'new', case: created };
      }
      const current = (await cases.get(match.caseId))!;
      let next: CaseRecord = { ...current, sightings: current.sightings + 1 };
      let event: CaseEvent | undefined;
      if (match.kind === 'reopen') {
        const result = applyCaseAction(next, 'reopen', SYSTEM_ACTOR, { note: `seen again in finding ${finding.id}` }, now, rule);
        next = result.next;
        event = result.event;
      }
      await cases.update(next);
      await audit({
        caseId: current.id,
        actorId: SYSTEM_ACTOR.id,
        actorRole: SYSTEM_ACTOR.role,
        at,
        action: match.kind === 'reopen' ? 'reopen' : 'sighting',
        note: `finding ${finding.id}${match.distanceM === null ? '' : ` at ${match.distanceM.toFixed(1)} m`}`,
        before: snapshot(current),
        after: snapshot(next),
      });
      return { kind: match.kind, case: next, event };
    });
  }

  /** Positionless findings group by image (the pure matcher does the grouping). */
  private async casesOfImage(trx: Kysely<Database>, imageId: string, cls: string) {
    const rows = await trx.selectFrom('findings').select('case_id').where('image_id', '=', imageId).where('class', '=', cls).where('case_id', 'is not', null).execute();
    const ids = [...new Set(rows.map((r) => r.case_id!))];
    const found = await new CasesRepository(trx).list({ ids });
    return found.map((c) => ({ ...c, imageIds: [imageId] }));
  }

  /** A person's (or the system's) lifecycle action. */
  async act(caseId: string, action: CaseAction, actor: CaseActor, input: CaseActionInput, now: Date): Promise<{ case: CaseRecord; event: CaseEvent }> {
    return this.inTransaction(async (_trx, cases, audit) => {
      const current = await cases.get(caseId);
      if (!current) throw new NotFoundError('case', caseId);
      const { next, event } = applyCaseAction(current, action, actor, input, now, { rectificationDays: current.rectificationDays });
      const saved: CaseRecord = { ...next, reopenCount: next.reopenCount ?? current.reopenCount };
      await cases.update(saved);
      const note = [event.note, event.reason && event.reason !== event.note ? `reason: ${event.reason}` : null, event.assignee && action === 'dispatch' ? `assignee: ${event.assignee}` : null]
        .filter(Boolean)
        .join('; ');
      await audit({ caseId, actorId: actor.id, actorRole: actor.role, at: event.at, action, note: note || null, before: snapshot(current), after: snapshot(saved) });
      return { case: saved, event };
    });
  }

  async markAlerted(caseId: string, at: string): Promise<void> {
    await this.db.updateTable('cases').set({ alerted_at: at }).where('id', '=', caseId).execute();
  }
}

