/** Zones and rules through the API on the Dongying seeds: listing, import with refusal naming the feature, admin-only edits. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDatabase } from '../../seeds/seed-database.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const json = (body: unknown, method = 'POST') => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describeEachDb('zones and rules', (kind) => {
  let s: TestServices;
  let srv: TestServer;
  beforeAll(async () => {
    s = await createTestServices(kind);
    await seedDatabase(s);
    srv = await startTestServer(s);
  });
  afterAll(async () => {
    await srv?.close();
    await s?.dispose();
  });

  it('lists the seeded zones by kind, corridors buffered into polygons', async () => {
    const parks = (await (await srv.as('officer')('/api/v1/zones?kind=chemical-park')).json()) as GeoJSON.FeatureCollection;
    expect(parks.features.length).toBeGreaterThanOrEqual(5);
    expect(parks.features.map((f) => f.properties!.name)).toContain('东营港经济开发区化工园区');
    const corridors = (await (await srv.as('officer')('/api/v1/zones?kind=pipeline-corridor')).json()) as GeoJSON.FeatureCollection;
    expect(corridors.features.every((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')).toBe(true);
    const districts = (await (await srv.as('officer')('/api/v1/zones?kind=district')).json()) as GeoJSON.FeatureCollection;
    expect(districts.features).toHaveLength(5);
  });

  it('is idempotent: seeding twice changes nothing', async () => {
    const before = (await s.geo.zones()).length;
    await seedDatabase(s);
    expect((await s.geo.zones()).length).toBe(before);
    expect((await s.geo.rules()).length).toBeGreaterThan(5);
  });

  it('imports zones (admin) and refuses invalid geometry naming the feature', async () => {
    const bowtie = { type: 'Feature', properties: { kind: 'no-build', name: 'bow tie' }, geometry: { type: 'Polygon', coordinates: [[[118.5, 37.5], [118.6, 37.6], [118.6, 37.5], [118.5, 37.6], [118.5, 37.5]]] } };
    const line = { type: 'Feature', id: 'corridor-test', properties: { kind: 'pipeline-corridor', name: 'test line', bufferM: 30 }, geometry: { type: 'LineString', coordinates: [[118.5, 37.5], [118.52, 37.5]] } };
    const bad = await srv.as('admin')('/api/v1/zones', json({ type: 'FeatureCollection', features: [line, bowtie] }));
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as { error: { message: string } };
    expect(err.error.message).toMatch(/bow tie|1/);
    expect(await s.geo.zones('pipeline-corridor')).not.toContainEqual(expect.objectContaining({ id: 'corridor-test' }));

    const ok = await srv.as('admin')('/api/v1/zones', json({ type: 'FeatureCollection', features: [line] }));
    expect(ok.status).toBe(201);
    const stored = (await s.geo.zones('pipeline-corridor')).find((z) => z.id === 'corridor-test')!;
    expect(stored.geometry.type).toBe('Polygon');
    const forbidden = await srv.as('officer')('/api/v1/zones', json({ type: 'FeatureCollection', features: [line] }));
    expect(forbidden.status).toBe(403);
  });

  it('serves the rules and lets only admins edit them', async () => {
    const { rules } = (await (await srv.as('officer')('/api/v1/rules')).json()) as { rules: Array<{ class: string; zoneKind: string; severity: string }> };
    expect(rules).toContainEqual(expect.objectContaining({ class: 'fire', zoneKind: '*', severity: 'critical' }));
    expect(rules).toContainEqual(expect.objectContaining({ class: 'oil_spill', zoneKind: 'pipeline-corridor', severity: 'critical' }));
    const edit = { class: 'smoke', zoneKind: 'key-site', violation: '重点场所冒烟', severity: 'high', rectificationDays: 2, alertImmediately: false };
    expect((await srv.as('officer')('/api/v1/rules', json(edit, 'PUT'))).status).toBe(403);
    const res = await srv.as('admin')('/api/v1/rules', json(edit, 'PUT'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rules: unknown[] }).rules).toContainEqual(expect.objectContaining({ class: 'smoke', zoneKind: 'key-site', rectificationDays: 2 }));
    expect((await srv.as('admin')('/api/v1/rules', json({ ...edit, severity: 'extreme' }, 'PUT'))).status).toBe(400);
  });
});
