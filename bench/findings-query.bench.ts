/**
 * The findings bbox query at 100,000 findings, on SQLite and on PostgreSQL side by side (same rows, same
 * queries, through the HTTP API as the map asks): p50/p95 of 40 street-level bboxes at random places over
 * Dongying, and the ratio PostgreSQL/SQLite. Prints JSON lines.
 */
import { seedDatabase } from '../seeds/seed-database.ts';
import { createTestServices, hasPostgres, type TestDb } from '../tests/helpers/test-services.ts';
import { startTestServer } from '../tests/helpers/test-server.ts';

const N = Number(process.env.BENCH_FINDINGS ?? 100_000);
const QUERIES = 40;
const classes = ['fire', 'smoke', 'excavator', 'oil_spill', 'steel_shed', 'tanker_truck'];
const severities = ['low', 'medium', 'high', 'critical'];
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

async function measure(kind: TestDb): Promise<{ p50: number; p95: number; features: number }> {
  const s = await createTestServices(kind);
  try {
    await seedDatabase(s);
    const mission = await s.missions.create({ name: 'bench' });
    let seed = 42;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    await s.db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < N; i += 1000) {
        await trx
          .insertInto('findings')
          .values(
            Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({
              id: `bench-${i + k}`,
              detection_id: `bench-${i + k}`,
              image_id: 'bench-image',
              mission_id: mission.id,
              case_id: null,
              class: classes[(i + k) % 6]!,
              score: 0.9,
              severity: severities[(i + k) % 4]!,
              violation: 'bench',
              lat: 37.0 + rand() * 1.1,
              lon: 118.2 + rand() * 0.9,
              zones: '[]',
              district: null,
              enterprise_id: null,
              department_id: 'dept-port-ajj',
              model_id: 'bench',
              band: 'visible',
              captured_at: new Date().toISOString(),
              created_at: new Date().toISOString(),
            })),
          )
          .execute();
      }
    });
    const srv = await startTestServer(s);
    try {
      const manager = srv.as('manager');
      seed = 7;
      const times: number[] = [];
      let features = 0;
      for (let q = 0; q < QUERIES + 3; q++) {
        // About 2 km across: what an officer sees zoomed in on a park.
        const lon = 118.2 + rand() * 0.88;
        const lat = 37.0 + rand() * 1.08;
        const start = performance.now();
        const body = (await (await manager(`/api/v1/findings?bbox=${lon},${lat},${lon + 0.02},${lat + 0.02}`)).json()) as { features: unknown[] };
        if (q >= 3) times.push(performance.now() - start); // the first three warm caches
        features += body.features.length;
      }
      return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), features: Math.round(features / (QUERIES + 3)) };
    } finally {
      await srv.close();
    }
  } finally {
    await s.dispose();
  }
}

const sqlite = await measure('sqlite');
console.log(JSON.stringify({ bench: 'findings-query', db: 'sqlite', findings: N, queries: QUERIES, meanFeatures: sqlite.features, p50Ms: Math.round(sqlite.p50 * 10) / 10, p95Ms: Math.round(sqlite.p95 * 10) / 10 }));
if (hasPostgres) {
  const pg = await measure('postgres');
  console.log(JSON.stringify({ bench: 'findings-query', db: 'postgres', findings: N, queries: QUERIES, meanFeatures: pg.features, p50Ms: Math.round(pg.p50 * 10) / 10, p95Ms: Math.round(pg.p95 * 10) / 10, p95RatioPgToSqlite: Math.round((pg.p95 / sqlite.p95) * 100) / 100 }));
}
process.exit(0);
