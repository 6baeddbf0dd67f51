/**
 * Case numbers (`DY-2026-000123`, see core/pipeline/cases/case-number.ts): a `case_no` on every case and
 * one counter row per year in `case_counters`, which the transaction opening a case bumps (an upsert on
 * the year's row: PostgreSQL locks that row until commit, SQLite has one writer at a time, so two workers
 * never draw the same number). Existing cases are numbered here in the order they were opened.
 */
import type { Kysely } from 'kysely';
import { caseYear, formatCaseNumber } from '../../pipeline/cases/case-number.ts';

interface Tables {
  cases: { id: string; opened_at: string; case_no: string | null };
  case_counters: { year: number; last: number };
}

export const caseNumbersMigration = {
  async up(untyped: Kysely<unknown>): Promise<void> {
    const db = untyped as unknown as Kysely<Tables>;
    await db.schema
      .createTable('case_counters')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('last', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('cases').addColumn('case_no', 'text').execute();
    const cases = await db.selectFrom('cases').select(['id', 'opened_at']).orderBy('opened_at').orderBy('id').execute();
    const last = new Map<number, number>();
    for (const c of cases) {
      const year = caseYear(c.opened_at);
      const sequence = (last.get(year) ?? 0) + 1;
      last.set(year, sequence);
      await db.updateTable('cases').set({ case_no: formatCaseNumber(year, sequence) }).where('id', '=', c.id).execute();
    }
    for (const [year, sequence] of last) await db.insertInto('case_counters').values({ year, last: sequence }).execute();
    await db.schema.createIndex('cases_case_no').on('cases').column('case_no').unique().execute();
  },
};
