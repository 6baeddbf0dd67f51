/**
 * Cases (隐患/案件), their decisions and their audit trail. Writes that change a case go through the cases
 * service (core/cases/cases.service.ts), which runs them in one transaction with the audit entry, the
 * decision and the outbox rows they owe.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CaseStatus } from '../../domain.ts';
import { caseYear, formatCaseNumber } from '../../pipeline/cases/case-number.ts';
import type { AuditEntry } from '../../pipeline/audit/audit-chain.ts';
import type { Database } from '../schema.ts';

export interface CaseRecord {
  id: string;
  /** `DY-<year>-<6 digits>`, what people read out and search by (core/pipeline/cases/case-number.ts). */
  caseNo: string;
  class: string;
  status: CaseStatus;
  severity: string;
  violation: string;
  lat: number | null;
  lon: number | null;
  district: string | null;
  enterpriseId: string | null;
  departmentId: string | null;
  assignee: string | null;
  dueAt: string | null;
  rectificationDays: number;
  sightings: number;
  reopenCount: number;
  modelId: string | null;
  openedAt: string;
  confirmedAt: string | null;
  dismissedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  alertedAt: string | null;
  dismissReason?: string | null;
  dispatchedAt?: string | null;
  rectifiedAt?: string | null;
  /** Who reported the rectification (separation of duties: not the one who verifies it). */
  rectifiedBy?: string | null;
  verifiedAt?: string | null;
  reopenedAt?: string | null;
}

export interface CaseFilter {
  status?: string;
  departmentId?: string;
  district?: string;
  class?: string;
  enterpriseId?: string;
  openOnly?: boolean;
  ids?: string[];
}

const LIFECYCLE_KEYS = ['dismissReason', 'dispatchedAt', 'rectifiedAt', 'rectifiedBy', 'verifiedAt', 'reopenedAt'] as const;

/** One decision on a case (who, what, why, when), as recorded; never updated. */
export interface CaseDecision {
  auditSeq: number;
  caseId: string;
  action: string;
  actorId: string;
  actorRole: string;
  at: string;
  note: string | null;
  /** The cycle it belongs to: 0 for the case's first; a reopen is the first decision of the next. */
  cycle: number;
  class: string;
  modelId: string | null;
}

type Row = Database['cases'];
export function toCase(row: Row): CaseRecord {
  return {
    id: row.id,
    caseNo: row.case_no,
    class: row.class,
    status: row.status as CaseStatus,
    severity: row.severity,
    violation: row.violation,
    lat: row.lat,
    lon: row.lon,
    district: row.district,
    enterpriseId: row.enterprise_id,
    departmentId: row.department_id,
    assignee: row.assignee,
    dueAt: row.due_at,
    rectificationDays: row.rectification_days,
    sightings: row.sightings,
    reopenCount: row.reopen_count,
    modelId: row.model_id,
    openedAt: row.opened_at,
    confirmedAt: row.confirmed_at,
    dismissedAt: row.dismissed_at,
    closedAt: row.closed_at,
    updatedAt: row.updated_at,
    alertedAt: row.alerted_at,
    ...(JSON.parse(row.lifecycle) as Partial<CaseRecord>),
  };
}

function toRow(c: CaseRecord): Row {
  const lifecycle = Object.fromEntries(LIFECYCLE_KEYS.map((k) => [k, c[k] ?? null]));
  return {
    id: c.id,
    case_no: c.caseNo,
    class: c.class,
    status: c.status,
    severity: c.severity,
    violation: c.violation,
    lat: c.lat,
    lon: c.lon,
    district: c.district,
    enterprise_id: c.enterpriseId,
    department_id: c.departmentId,
    assignee: c.assignee ?? null,
    due_at: c.dueAt ?? null,
    rectification_days: c.rectificationDays,
    sightings: c.sightings,
    reopen_count: c.reopenCount ?? 0,
    model_id: c.modelId,
    opened_at: c.openedAt,
    confirmed_at: c.confirmedAt ?? null,
    dismissed_at: c.dismissedAt ?? null,
    closed_at: c.closedAt ?? null,
    updated_at: c.updatedAt,
    alerted_at: c.alertedAt,
    lifecycle: JSON.stringify(lifecycle),
  };
}

type AuditRow = Database['audit'];
const toEntry = (r: AuditRow): AuditEntry => ({
  seq: Number(r.seq),
  caseId: r.case_id,
  actorId: r.actor_id ?? '',
  actorRole: r.actor_role,
  at: r.at,
  action: r.action,
  note: r.note,
  before: r.before ? JSON.parse(r.before) : null,
  after: r.after ? JSON.parse(r.after) : null,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export class CasesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  newId(): string {
    return randomUUID();
  }

  /**
   * Draws the next case number of the year `openedAt` falls in. Call it inside the transaction that
   * inserts the case: the upsert locks the year's counter row (PostgreSQL) or holds SQLite's one write
   * lock until commit, so concurrent workers get distinct, gapless numbers, and a rolled-back case
   * gives its number back.
   */
  async nextCaseNumber(openedAt: string): Promise<string> {
    const year = caseYear(openedAt);
    const { last } = await this.db
      .insertInto('case_counters')
      .values({ year, last: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last: eb(eb.ref('case_counters.last'), '+', 1) })))
      .returning('last')
      .executeTakeFirstOrThrow();
    return formatCaseNumber(year, Number(last));
  }

  async getByNumber(caseNo: string): Promise<CaseRecord | null> {
    const row = await this.db.selectFrom('cases').selectAll().where('case_no', '=', caseNo.trim().toUpperCase()).executeTakeFirst();
    return row ? toCase(row) : null;
  }

  async get(id: string): Promise<CaseRecord | null> {
    const row = await this.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCase(row) : null;
  }

  async insert(c: CaseRecord): Promise<void> {
    await this.db.insertInto('cases').values(toRow(c)).execute();
  }

  /** Saves the case as given (the caller sets `updatedAt`, so a retried change writes the same row). */
  async update(c: CaseRecord): Promise<void> {
    const { id, ...rest } = toRow(c);
    await this.db.updateTable('cases').set(rest).where('id', '=', id).execute();
  }

  async list(filter: CaseFilter = {}, limit = 5000): Promise<CaseRecord[]> {
    let query = this.db.selectFrom('cases').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
    if (filter.district) query = query.where('district', '=', filter.district);
    if (filter.class) query = query.where('class', '=', filter.class);
    if (filter.enterpriseId) query = query.where('enterprise_id', '=', filter.enterpriseId);
    if (filter.openOnly) query = query.where('status', 'not in', ['closed', 'dismissed']);
    if (filter.ids) query = query.where('id', 'in', filter.ids.length ? filter.ids : ['']);
    return (await query.orderBy('opened_at', 'desc').limit(limit).execute()).map(toCase);
  }

  /** Cases of a class near a point (a rough box; the pure matcher measures the real distance). */
  async candidatesNear(cls: string, lat: number, lon: number, radiusM: number): Promise<CaseRecord[]> {
    const dLat = radiusM / 111_000 + 1e-6;
    const dLon = radiusM / (111_000 * Math.max(0.1, Math.cos((lat * Math.PI) / 180))) + 1e-6;
    const rows = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('class', '=', cls)
      .where('lat', '>=', lat - dLat)
      .where('lat', '<=', lat + dLat)
      .where('lon', '>=', lon - dLon)
      .where('lon', '<=', lon + dLon)
      .execute();
    return rows.map(toCase);
  }

  // --- decisions -------------------------------------------------------------------------------

  async insertDecision(d: CaseDecision): Promise<void> {
    await this.db
      .insertInto('case_decisions')
      .values({ audit_seq: d.auditSeq, case_id: d.caseId, action: d.action, actor_id: d.actorId, actor_role: d.actorRole, at: d.at, note: d.note, cycle: d.cycle, class: d.class, model_id: d.modelId })
      .execute();
  }

  /** Decisions of a case, or of all cases, oldest first. */
  async decisions(filter: { caseId?: string; actions?: string[] } = {}): Promise<CaseDecision[]> {
    let query = this.db.selectFrom('case_decisions').selectAll();
    if (filter.caseId) query = query.where('case_id', '=', filter.caseId);
    if (filter.actions) query = query.where('action', 'in', filter.actions.length ? filter.actions : ['']);
    return (await query.orderBy('audit_seq').execute()).map((r) => ({
      auditSeq: Number(r.audit_seq), caseId: r.case_id, action: r.action, actorId: r.actor_id, actorRole: r.actor_role, at: r.at, note: r.note, cycle: Number(r.cycle), class: r.class, modelId: r.model_id,
    }));
  }

  // --- audit -------------------------------------------------------------------------------------

  async lastAudit(): Promise<AuditEntry | null> {
    const row = await this.db.selectFrom('audit').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row ? toEntry(row) : null;
  }

  async insertAudit(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit')
      .values({
        seq: entry.seq,
        case_id: entry.caseId,
        actor_id: entry.actorId,
        actor_role: entry.actorRole,
        at: typeof entry.at === 'string' ? entry.at : entry.at.toISOString(),
        action: entry.action,
        note: entry.note,
        before: entry.before == null ? null : JSON.stringify(entry.before),
        after: entry.after == null ? null : JSON.stringify(entry.after),
        prev_hash: entry.prevHash,
        hash: entry.hash,
      })
      .execute();
  }

  async auditFor(caseId: string): Promise<AuditEntry[]> {
    return (await this.db.selectFrom('audit').selectAll().where('case_id', '=', caseId).orderBy('seq').execute()).map(toEntry);
  }

  /** The whole chain in order, in pages (verification walks it without loading everything at once). */
  async *auditChain(pageSize = 2000): AsyncGenerator<AuditEntry[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db.selectFrom('audit').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
      if (rows.length === 0) return;
      yield rows.map(toEntry);
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
}
