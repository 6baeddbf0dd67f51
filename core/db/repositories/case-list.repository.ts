/**
 * The officers' case list: filters, search, sort and paging done in SQL, the same on SQLite and
 * PostgreSQL (text times compared as ISO-8601 UTC, LIKE on lower-cased text with an explicit escape).
 */
import { sql, type ExpressionBuilder, type Expression, type SqlBool, type Kysely } from 'kysely';
import { SEVERITIES, type CaseStatus, type Severity } from '../../domain.ts';
import type { Database } from '../schema.ts';
import { toCase, type CaseRecord } from './cases.repository.ts';

/** Keys a list may be sorted by; a leading '-' sorts descending. */
export const CASE_SORT_KEYS = ['openedAt', 'updatedAt', 'dueAt', 'severity', 'status', 'class', 'sightings', 'caseNo'] as const;
export type CaseSortKey = (typeof CASE_SORT_KEYS)[number];

/** Statuses whose due date still runs (kept equal to the lifecycle's AWAITING_RECTIFICATION). */
const AWAITING: readonly CaseStatus[] = ['new', 'confirmed', 'dispatched'];

export interface CaseListFilter {
  statuses?: readonly string[];
  severities?: readonly string[];
  classes?: readonly string[];
  districts?: readonly string[];
  enterpriseId?: string;
  /** Officers see their own department only; the route decides. */
  departmentId?: string;
  /** Any of these values (a user's id and name both name them as assignee). */
  assignees?: readonly string[];
  overdue?: boolean;
  /** Opened at or after / before these instants (ISO-8601 UTC). */
  from?: string;
  to?: string;
  /** Case number, enterprise name or the text of any note in the case's history. */
  search?: string;
}

export interface CaseListSort {
  key: CaseSortKey;
  descending: boolean;
}

/** A case in the list: the record plus the names a person reads. */
export interface CaseListItem extends CaseRecord {
  enterpriseName: string | null;
  departmentName: string | null;
  /** The assignee's name where the assignee is a user (dispatch names a user id). */
  assigneeName: string | null;
}

type Tables = Database & { e: Database['enterprises']; d: Database['departments']; u: Database['users'] };
type Eb = ExpressionBuilder<Tables, 'cases' | 'e' | 'd' | 'u'>;

/** `%text%` for LIKE with the pattern characters of `text` escaped (ESCAPE '!'). */
export const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

const SEVERITY_RANK = sql<number>`case cases.severity ${sql.join(
  SEVERITIES.map((s: Severity, i) => sql`when ${sql.lit(s)} then ${sql.lit(i)}`),
  sql` `,
)} else -1 end`;

export class CaseListRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private conditions(eb: Eb, f: CaseListFilter, now: Date): Expression<SqlBool>[] {
    const all: Expression<SqlBool>[] = [];
    const anyOf = (column: 'cases.status' | 'cases.severity' | 'cases.class' | 'cases.district' | 'cases.assignee', values?: readonly string[]) => {
      if (values?.length) all.push(eb(column, 'in', [...values]));
    };
    anyOf('cases.status', f.statuses);
    anyOf('cases.severity', f.severities);
    anyOf('cases.class', f.classes);
    anyOf('cases.district', f.districts);
    anyOf('cases.assignee', f.assignees);
    if (f.enterpriseId) all.push(eb('cases.enterprise_id', '=', f.enterpriseId));
    if (f.departmentId) all.push(eb('cases.department_id', '=', f.departmentId));
    if (f.from) all.push(eb('cases.opened_at', '>=', f.from));
    if (f.to) all.push(eb('cases.opened_at', '<', f.to));
    if (f.overdue !== undefined) {
      const overdue = eb.and([eb('cases.status', 'in', [...AWAITING]), eb('cases.due_at', 'is not', null), eb('cases.due_at', '<', now.toISOString())]);
      all.push(f.overdue ? overdue : eb.not(overdue));
    }
    const text = f.search?.trim();
    if (text) {
      const like = containsPattern(text);
      all.push(
        eb.or([
          sql<SqlBool>`lower(cases.case_no) like ${like} escape '!'`,
          sql<SqlBool>`lower(e.name) like ${like} escape '!'`,
          sql<SqlBool>`exists (select 1 from audit a where a.case_id = cases.id and lower(a.note) like ${like} escape '!')`,
          // A dismissal's reason is the note people remember it by.
          sql<SqlBool>`lower(cases.lifecycle) like ${like} escape '!'`,
        ]),
      );
    }
    return all;
  }

  private base() {
    return this.db
      .selectFrom('cases')
      .leftJoin('enterprises as e', 'e.id', 'cases.enterprise_id')
      .leftJoin('departments as d', 'd.id', 'cases.department_id')
      .leftJoin('users as u', 'u.id', 'cases.assignee');
  }

  /** How many cases match. */
  async count(filter: CaseListFilter, now = new Date()): Promise<number> {
    const row = await this.base()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.and(this.conditions(eb as Eb, filter, now)))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** One page of matching cases in the given order (ties broken by id, so pages never overlap). */
  async page(filter: CaseListFilter, sort: CaseListSort, offset: number, limit: number, now = new Date()): Promise<CaseListItem[]> {
    const dir = sort.descending ? sql`desc` : sql`asc`;
    const column = {
      openedAt: sql.ref('cases.opened_at'),
      updatedAt: sql.ref('cases.updated_at'),
      dueAt: sql.ref('cases.due_at'),
      severity: SEVERITY_RANK,
      status: sql.ref('cases.status'),
      class: sql.ref('cases.class'),
      sightings: sql.ref('cases.sightings'),
      caseNo: sql.ref('cases.case_no'),
    }[sort.key];
    const rows = await this.base()
      .selectAll('cases')
      .select(['e.name as enterprise_name', 'd.name as department_name', 'u.name as assignee_name'])
      .where((eb) => eb.and(this.conditions(eb as Eb, filter, now)))
      // Cases without the value (no due date yet) come last either way, on both databases.
      .orderBy(sql`case when ${column} is null then 1 else 0 end`)
      .orderBy(sql`${column} ${dir}`)
      .orderBy('cases.id')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map((r) => {
      const { enterprise_name, department_name, assignee_name, ...row } = r;
      return { ...toCase(row), enterpriseName: enterprise_name, departmentName: department_name, assigneeName: assignee_name };
    });
  }

  /** Every matching case in order, a page at a time (for an export that must not hold them all). */
  async *all(filter: CaseListFilter, sort: CaseListSort, pageSize = 1000, now = new Date()): AsyncGenerator<CaseListItem[]> {
    for (let offset = 0; ; offset += pageSize) {
      const rows = await this.page(filter, sort, offset, pageSize, now);
      if (rows.length) yield rows;
      if (rows.length < pageSize) return;
    }
  }
}
