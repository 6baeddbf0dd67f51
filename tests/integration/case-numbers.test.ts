/**
 * Case numbers on the real case store (SQLite and PostgreSQL): drawn in the transaction that opens the
 * case, sequential per year without gaps or duplicates even when workers open cases at the same time,
 * backfilled for cases from before the column (and their decisions copied from the audit trail).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { CasesService } from '../../core/cases/cases.service.ts';
import { migrate, openDatabase } from '../../core/db/database.ts';
import type { Finding } from '../../core/db/repositories/findings.repository.ts';
import { initialMigration } from '../../core/db/migrations/0001-initial.migration.ts';
import { detectionGroundSizeMigration } from '../../core/db/migrations/0002-detection-ground-size.migration.ts';
import { detectionDecodeScaleMigration } from '../../core/db/migrations/0003-detection-decode-scale.migration.ts';
import { createTestServices, describeEachDb, TEST_PG_URL, type TestServices } from '../helpers/test-services.ts';

const run = promisify(execFile);
const CHILD = path.join(import.meta.dirname, '../helpers/open-cases.child.ts');
const RULE = { severity: 'high', violation: 'tanker parked outside the yard', rectificationDays: 3 };
const OPTIONS = { joinDistanceM: 50, onDismissed: 'reopen', alertMinSeverity: 'critical', separationOfDuties: true } as const;

/** Findings far apart (about 1 km per step), so each opens its own case. */
const finding = (n: number): Omit<Finding, 'createdAt' | 'caseId'> => ({
  id: `f${n}`, detectionId: `d${n}`, imageId: `img${n}`, missionId: 'm1', class: 'tanker', score: 0.9,
  severity: 'high', violation: RULE.violation, lat: 37.4 + n * 0.01, lon: 118.5, zones: [], district: null, enterpriseId: null,
  departmentId: 'dept-safety', modelId: 'dy-hazard@1.4.0', capturedAt: '2026-11-01T02:00:00.000Z',
});

describeEachDb('case numbers', (kind) => {
  let s: TestServices | undefined;
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
  });

  it('are sequential per year and start again at 1 in a new (Beijing) year', async () => {
    s = await createTestServices(kind);
    const store = s.casesService;
    const numbers = [];
    for (const [n, at] of ['2026-03-01T08:00:00Z', '2026-06-01T08:00:00Z', '2026-12-31T16:30:00Z', '2027-01-02T08:00:00Z'].entries()) {
      store.clock = () => new Date(at);
      numbers.push((await store.recordFinding(finding(n), RULE)).case.caseNo);
    }
    expect(numbers).toEqual(['DY-2026-000001', 'DY-2026-000002', 'DY-2027-000001', 'DY-2027-000002']);
    const stored = await s.cases.list();
    expect(stored.map((c) => c.caseNo).sort()).toEqual([...numbers].sort());
    expect(await s.cases.getByNumber('dy-2026-000002')).toMatchObject({ caseNo: 'DY-2026-000002' });
  });

  it('never repeat or skip when cases open concurrently (three writer processes)', async () => {
    s = await createTestServices(kind);
    const schema = kind === 'postgres' ? (await s.db.kysely.selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('schema')).executeTakeFirstOrThrow()).schema : '';
    const url = kind === 'postgres' ? TEST_PG_URL : s.config.DATABASE_URL;
    // Separate processes, as separate workers are: better-sqlite3 blocks its thread while it waits for a lock.
    const writer = (first: number) => run(process.execPath, ['--import', 'tsx', CHILD, url, schema, String(first), '10']).then(({ stdout }) => JSON.parse(stdout) as string[]);
    const numbers = (await Promise.all([writer(0), writer(100), writer(200)])).flat().sort();
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => `DY-2026-${String(i + 1).padStart(6, '0')}`));
    expect((await s.db.kysely.selectFrom('case_counters').selectAll().execute()).map((r) => ({ year: Number(r.year), last: Number(r.last) }))).toEqual([{ year: 2026, last: 30 }]);
  });

  it('are given to cases that existed before them, in the order they were opened', async () => {
    s = await createTestServices(kind);
    const url = s.config.DATABASE_URL;
    // A fresh database at the schema before case numbers (0001-0003), with three cases in it.
    const schema = kind === 'postgres' ? `${(await s.db.kysely.selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('schema')).executeTakeFirstOrThrow()).schema}_old` : undefined;
    if (schema) await s.db.kysely.schema.createSchema(schema).execute();
    const old = openDatabase(kind === 'postgres' ? TEST_PG_URL : url.replace(/test\.sqlite$/, 'old.sqlite'), { schema });
    try {
      const before: MigrationProvider = {
        getMigrations: async (): Promise<Record<string, Migration>> => ({
          '0001-initial': initialMigration(old.dialect),
          '0002-detection-ground-size': detectionGroundSizeMigration,
          '0003-detection-decode-scale': detectionDecodeScaleMigration,
        }),
      };
      const { error } = await new Migrator({ db: old.kysely, provider: before, ...(schema ? { migrationTableSchema: schema } : {}) }).migrateToLatest();
      expect(error).toBeUndefined();
      const row = (id: string, openedAt: string) => ({
        id, class: 'fire', status: 'new', severity: 'critical', violation: 'open fire', lat: null, lon: null, district: null, enterprise_id: null,
        department_id: null, assignee: null, due_at: null, rectification_days: 1, sightings: 1, reopen_count: 0, model_id: null, opened_at: openedAt,
        confirmed_at: null, dismissed_at: null, closed_at: null, updated_at: openedAt, alerted_at: null, lifecycle: '{}',
      });
      // Inserted out of order: the numbers follow opened_at, not insertion.
      await (old.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto('cases')
        .values([row('c-b', '2026-05-02T00:00:00.000Z'), row('c-a', '2026-04-01T00:00:00.000Z'), row('c-c', '2025-12-31T17:00:00.000Z')])
        .execute();
      // A decision from before case_decisions existed: the migration copies it from the audit trail.
      await (old.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto('audit')
        .values({ seq: 1, case_id: 'c-a', actor_id: 'officer-1', actor_role: 'officer', at: '2026-04-02T00:00:00.000Z', action: 'dismiss', note: 'reason: red roof', before: null, after: '{"status":"dismissed","reopenCount":0}', prev_hash: '0'.repeat(64), hash: 'a'.repeat(64) })
        .execute();
      await migrate(old);
      expect(await old.kysely.selectFrom('case_decisions').selectAll().execute()).toEqual([
        { audit_seq: 1, case_id: 'c-a', action: 'dismiss', actor_id: 'officer-1', actor_role: 'officer', at: '2026-04-02T00:00:00.000Z', note: 'reason: red roof', cycle: 0, class: 'fire', model_id: null },
      ]);
      const numbered = await old.kysely.selectFrom('cases').select(['id', 'case_no']).orderBy('id').execute();
      expect(numbered).toEqual([
        { id: 'c-a', case_no: 'DY-2026-000002' },
        { id: 'c-b', case_no: 'DY-2026-000003' },
        { id: 'c-c', case_no: 'DY-2026-000001' }, // 01:00 on 1 January 2026 in Beijing
      ]);
      // The counter continues after the backfilled numbers.
      const store = new CasesService(old.kysely, old.dialect, OPTIONS);
      store.clock = () => new Date('2026-11-01T08:00:00Z');
      expect((await store.recordFinding(finding(1), RULE)).case.caseNo).toBe('DY-2026-000004');
    } finally {
      await old.close();
      if (schema) await s.db.kysely.schema.dropSchema(schema).cascade().execute();
    }
  });
});
