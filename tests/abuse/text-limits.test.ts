/**
 * Every text field has a limit (one set, api/text-fields.ts): a 10 MB note on an enterprise visit is
 * refused by the body limit, a note just over the field limit by the field, and neither reaches the audit
 * chain or the case. File names sent as UTF-8 by browsers arrive as written. SQLite and PostgreSQL.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Finding } from '../../core/db/repositories/findings.repository.ts';
import { TEXT_LIMITS } from '../../core/text-limits.ts';
import { seedDatabase } from '../../seeds/seed-database.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';
import { expectHealthy, multipart } from './helpers/abuse.harness.ts';

const PHOTO = path.resolve(import.meta.dirname, '../fixtures/detection/pipeline_oil_spill.jpg');
const FINDING: Finding = {
  id: 'f1', detectionId: 'd1', imageId: 'img1', missionId: 'm1', caseId: null, class: 'smoke', score: 0.9, severity: 'high', violation: 'smoke',
  lat: 38.052, lon: 118.944, zones: [], district: null, enterpriseId: 'ent-demo-01', departmentId: 'dept-port-ajj', modelId: 'dy-hazard@1.4.0', capturedAt: '2026-11-01T08:00:00.000Z', createdAt: '2026-11-01T08:00:00.000Z',
};
type ErrorBody = { error: { code: string; message: string; details?: Array<{ field: string; message: string }> } };

describeEachDb('abuse: text limits and file names', (kind) => {
  let s: TestServices;
  let srv: TestServer;
  let caseId: string;
  let inspector: string;
  beforeAll(async () => {
    s = await createTestServices(kind);
    await seedDatabase(s);
    srv = await startTestServer(s);
    const store = s.casesService;
    caseId = (await store.recordFinding(FINDING, { severity: 'high', violation: 'smoke', rectificationDays: 3 })).case.id;
    // A visit dispatches to one of the case department's people.
    inspector = (await s.users.create({ name: '东营港安监站 巡查员', role: 'officer', departmentId: 'dept-port-ajj' })).user.id;
  });
  afterAll(async () => {
    await srv?.close();
    await s?.dispose();
  });
  const auditCount = async () => (await s.cases.auditFor(caseId)).length;
  const visit = (note: string) => srv.as('manager')('/api/v1/enterprises/ent-demo-01/visits', jsonBody({ caseIds: [caseId], assignee: inspector, note }));

  it('refuses a 10 MB visit note (413) and one over the note limit (400 naming the field), changing nothing', async () => {
    const before = await auditCount();
    const huge = await visit('注'.repeat(10 * 1024 * 1024 / 3));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as ErrorBody).error.message).toMatch(/JSON_BODY_MAX_BYTES/);
    const long = await visit('x'.repeat(TEXT_LIMITS.note + 1));
    expect(long.status).toBe(400);
    expect(((await long.json()) as ErrorBody).error.details).toEqual([{ field: 'note', message: `at most ${TEXT_LIMITS.note} characters` }]);
    expect(await auditCount()).toBe(before);
    expect((await s.cases.get(caseId))!.status).toBe('new');
    expect((await visit('x'.repeat(TEXT_LIMITS.note))).status).toBe(200);
    expect(await auditCount()).toBe(before + 2);
    await expectHealthy(srv);
  });

  it('holds every other text field to the same limits (names, ids, control characters)', async () => {
    const refused: Array<[string, RequestInit, string]> = [
      ['/api/v1/missions', jsonBody({ name: 'm'.repeat(TEXT_LIMITS.name + 1) }), 'name'],
      ['/api/v1/missions', jsonBody({ name: 'ok', dockId: 'd'.repeat(TEXT_LIMITS.id + 1) }), 'dockId'],
      ['/api/v1/missions', jsonBody({ name: 'bad\u0000name' }), 'name'],
    ];
    for (const [url, init, field] of refused) {
      const res = await srv.as('operator')(url, init);
      expect(res.status, field).toBe(400);
      expect(((await res.json()) as ErrorBody).error.details![0]!.field).toBe(field);
    }
    const rule = await srv.as('admin')('/api/v1/rules', jsonBody({ class: 'smoke', zoneKind: '*', violation: 'v'.repeat(TEXT_LIMITS.name + 1), severity: 'high', rectificationDays: 1, alertImmediately: false }, 'PUT'));
    expect(rule.status).toBe(400);
    const zone = await srv.as('admin')('/api/v1/zones', jsonBody({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'z-long', properties: { kind: 'key-site', name: 'z'.repeat(TEXT_LIMITS.name + 1) }, geometry: { type: 'Polygon', coordinates: [[[118.5, 37.5], [118.51, 37.5], [118.51, 37.51], [118.5, 37.5]]] } }] }));
    expect(zone.status).toBe(400);
    expect(((await zone.json()) as ErrorBody).error.message).toMatch(/longer than 200 characters/);
    expect(await s.db.kysely.selectFrom('missions').select('id').execute()).toEqual([]);
  });

  it('keeps a Chinese file name sent as UTF-8, as browsers send it', async () => {
    const { id } = (await (await srv.as('operator')('/api/v1/missions', jsonBody({ name: '文件名' }))).json()) as { id: string };
    const name = '东营港巡检-输油管道泄漏.jpg';
    const { body, contentType } = multipart('files', name, await readFile(PHOTO), 'image/jpeg');
    const res = await srv.as('operator')(`/api/v1/missions/${id}/images`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { images: Array<{ filename: string }> }).images[0]!.filename).toBe(name);
    expect((await s.db.kysely.selectFrom('images').select('filename').execute()).map((r) => r.filename)).toEqual([name]);
  });
});
