/**
 * What the dashboard sends, on SQLite and PostgreSQL: days from its date inputs are taken (a whole local
 * day, `to` inclusive) where an instant used to be required ("invalid from" broke the page and its CSV),
 * and coverage without a period opens on the four weeks up to the latest patrol photo.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const SQUARE = { type: 'Polygon' as const, coordinates: [[[118.5, 37.4], [118.51, 37.4], [118.51, 37.41], [118.5, 37.41], [118.5, 37.4]]] };

describeEachDb('dashboard queries', (kind) => {
  let s: TestServices;
  let server: TestServer;

  beforeAll(async () => {
    s = await createTestServices(kind);
    await s.geo.upsertZones([{ type: 'Feature', id: 'zone-park', geometry: SQUARE, properties: { id: 'zone-park', kind: 'chemical-park', name: '测试化工园区', patrolIntervalDays: 7 } }]);
    const now = '2026-04-24T02:00:00.000Z';
    await s.db.kysely.insertInto('missions').values({ id: 'm-april', name: 'April patrol', dock_id: null, status: 'done', started_at: now, ended_at: now, created_by: null, created_at: now, wayline: null, flight_checks: null }).execute();
    await s.db.kysely
      .insertInto('images')
      .values({ id: 'img-april', mission_id: 'm-april', sha256: 'a'.repeat(64), filename: 'a.jpg', size: 1, content_type: 'image/jpeg', status: 'done', error: null, meta: null, footprint: JSON.stringify(SQUARE), captured_at: now, created_at: now, processed_at: now })
      .execute();
    server = await startTestServer(s);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await s?.dispose();
  });

  it('takes days in the statistics and their CSV, and names a bad one', async () => {
    const manager = server.as('manager');
    expect((await manager('/api/v1/stats/cases?groupBy=week&from=2026-04-01&to=2026-04-30')).status).toBe(200);
    const csv = await manager('/api/v1/stats/cases?groupBy=district&format=csv&from=2026-04-01&to=2026-04-30');
    expect(csv.status).toBe(200);
    expect((await csv.text()).replace('\uFEFF', '').split('\r\n')[0]).toBe('key,new,confirmed,dismissed,closed,open,overdue,medianHoursToClose');
    expect((await manager('/api/v1/stats/cases?from=2026-04-01T00:00:00%2B08:00')).status).toBe(200);
    const bad = await manager('/api/v1/stats/cases?from=30.04.2026');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('from');
  });

  it('opens coverage on the weeks that have patrols; a given day range is a whole local day', async () => {
    const open = (await (await server.as('manager')('/api/v1/coverage')).json()) as { from: string; to: string; rows: { zoneId: string; coveredShare: number }[] };
    expect(Date.parse(open.to)).toBeGreaterThan(Date.parse('2026-04-24T02:00:00Z'));
    expect(Date.parse(open.from)).toBeLessThan(Date.parse('2026-04-24T02:00:00Z'));
    expect(Math.max(...open.rows.filter((r) => r.zoneId === 'zone-park').map((r) => r.coveredShare))).toBeGreaterThan(0.99);
    const day = (await (await server.as('manager')('/api/v1/coverage?from=2026-04-24&to=2026-04-24')).json()) as { from: string; to: string };
    expect([day.from, day.to]).toEqual(['2026-04-23T16:00:00.000Z', '2026-04-24T16:00:00.000Z']);
  });
});
