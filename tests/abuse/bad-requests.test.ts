/**
 * Requests that used to cost the server its heap or leak its layout, sent against a real server: each
 * gets its status and a message naming the limit, the server stays healthy, and nothing is written that
 * should not be. SQLite and PostgreSQL.
 */
import { LocalBlobStore } from '../../core/storage/local-blob-store.ts';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDatabase } from '../../seeds/seed-database.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';
import { expectHealthy, filesUnder, multipart } from './helpers/abuse.harness.ts';

const PHOTO = path.resolve(import.meta.dirname, '../fixtures/detection/industrial_fire_smoke_tanker.jpg'); // 2000 x 1500

/** The photo's bytes with its SOF0 frame header saying 16000 x 16000: 1.5 MB files can declare that. */
async function declaring16k(): Promise<Buffer> {
  const bytes = Buffer.from(await readFile(PHOTO));
  for (let i = 2; i < bytes.length - 9; i++) {
    if (bytes[i] === 0xff && (bytes[i + 1] === 0xc0 || bytes[i + 1] === 0xc2)) {
      bytes.writeUInt16BE(16000, i + 5);
      bytes.writeUInt16BE(16000, i + 7);
      return bytes;
    }
  }
  throw new Error('no SOF marker in the fixture');
}

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

describeEachDb('abuse: bad requests', (kind) => {
  let s: TestServices;
  let srv: TestServer;
  let missionId: string;
  beforeAll(async () => {
    s = await createTestServices(kind, { ANNOTATE_MAX_EDGE: '640', JSON_BODY_MAX_BYTES: String(64 * 1024) });
    await seedDatabase(s);
    srv = await startTestServer(s);
    missionId = ((await (await srv.as('operator')('/api/v1/missions', jsonBody({ name: 'abuse' }))).json()) as { id: string }).id;
  });
  afterAll(async () => {
    await srv?.close();
    await s?.dispose();
  });

  it('refuses a coverage range of 1970..9999 with 400 naming the limit, before loading anything', async () => {
    const res = await srv.as('manager')('/api/v1/coverage?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z');
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('too_many_intervals');
    expect(body.error.message).toMatch(/is \d+ patrol intervals of zone ".+" \(every 7 days\); at most 400 per request \(COVERAGE_MAX_INTERVALS\)/);
    expect((await srv.as('manager')('/api/v1/coverage?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z')).status).toBe(200);
    await expectHealthy(srv);
  });

  it('refuses zones whose size is absurd or whose patrol interval is under a day, storing none', async () => {
    const before = (await s.geo.zones()).length;
    const line = (bufferM: number) => ({ type: 'Feature', id: `c-${bufferM}`, properties: { kind: 'pipeline-corridor', name: 'huge corridor', bufferM }, geometry: { type: 'LineString', coordinates: [[118.5, 37.5], [118.52, 37.5]] } });
    const circle = (radiusM: number) => ({ type: 'Feature', id: `p-${radiusM}`, properties: { kind: 'no-fly', name: 'huge circle', radiusM }, geometry: { type: 'Point', coordinates: [118.5, 37.5] } });
    const square = (patrolIntervalDays: number) => ({ type: 'Feature', id: `sq-${patrolIntervalDays}`, properties: { kind: 'key-site', name: 'often', patrolIntervalDays }, geometry: { type: 'Polygon', coordinates: [[[118.5, 37.5], [118.51, 37.5], [118.51, 37.51], [118.5, 37.51], [118.5, 37.5]]] } });
    const cases: Array<[unknown, RegExp]> = [
      [line(1e300), /bufferM 1e\+300 is over the limit of 10000 m/],
      [circle(1e12), /radiusM 1000000000000 is over the limit of 50000 m/],
      [square(0.0001), /patrolIntervalDays must be a number from 1 to 3660/],
      [{ ...square(7), geometry: { type: 'Polygon', coordinates: [[[100, 30], [115, 30], [115, 40], [100, 40], [100, 30]]] } }, /spans 15\.00° x 10\.00°, over the limit of 10°/],
    ];
    for (const [feature, message] of cases) {
      const res = await srv.as('admin')('/api/v1/zones', jsonBody({ type: 'FeatureCollection', features: [feature] }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.message).toMatch(message);
    }
    // JSON cannot carry Infinity; a number too big for a double arrives as Infinity and is refused the same way.
    const inf = await srv.as('admin')('/api/v1/zones', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'FeatureCollection', features: [line(1)] }).replace('"bufferM":1', '"bufferM":1e999') });
    expect(inf.status).toBe(400);
    expect(((await inf.json()) as ErrorBody).error.message).toMatch(/positive bufferM/);
    expect((await s.geo.zones()).length).toBe(before);
    await expectHealthy(srv);
  });

  it("refuses a mission for a dock that does not exist, creating nothing", async () => {
    const count = async () => (await s.db.kysely.selectFrom('missions').select('id').execute()).length;
    const before = await count();
    const res = await srv.as('operator')('/api/v1/missions', jsonBody({ name: 'ghost dock', dockId: 'dock-nowhere' }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'unknown_dock', message: expect.stringContaining('dock-nowhere does not exist') });
    expect(await count()).toBe(before);
    expect((await srv.as('operator')('/api/v1/missions', jsonBody({ name: 'real dock', dockId: 'dock-dyport-01' }))).status).toBe(201);
    await expectHealthy(srv);
  });

  it('refuses a JSON body over JSON_BODY_MAX_BYTES with 413 naming the key', async () => {
    const res = await srv.as('operator')('/api/v1/missions', jsonBody({ name: 'x', padding: 'y'.repeat(100 * 1024) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.message).toBe(`the request body is larger than the limit of ${64 * 1024} bytes (JSON_BODY_MAX_BYTES)`);
    await expectHealthy(srv);
  });

  it('refuses a photo declaring 16000 x 16000 px with 422 naming MAX_IMAGE_PIXELS, keeping no blob and no row', async () => {
    const bomb = await declaring16k();
    const { body, contentType } = multipart('files', 'bomb.jpg', bomb, 'image/jpeg');
    const res = await srv.as('operator')(`/api/v1/missions/${missionId}/images`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(res.status).toBe(422);
    const err = (await res.json()) as ErrorBody & { error: { details: { images: Array<{ error: { code: string; message: string } }> } } };
    expect(err.error.details.images[0]!.error).toEqual({ code: 'image_too_large', message: 'the photo is 16000 x 16000 px (256 MP), over the limit of 100 MP (MAX_IMAGE_PIXELS)' });
    expect(await s.db.kysely.selectFrom('images').select('id').execute()).toEqual([]);
    expect(await filesUnder(s, 'blobs/originals')).toEqual([]);
    expect(await filesUnder(s, 'blobs/tmp')).toEqual([]);
    await expectHealthy(srv);
  });

  let imageId: string;
  it('draws the annotated copy from a bounded decode, once for three requests at a time', async () => {
    const fd = new FormData();
    fd.append('files', new Blob([await readFile(PHOTO)]), 'tanker.jpg');
    const up = await srv.as('operator')(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: fd });
    expect(up.status).toBe(202);
    imageId = ((await up.json()) as { images: Array<{ id: string }> }).images[0]!.id;
    const answers = await Promise.all([1, 2, 3].map(() => srv.as('manager')(`/api/v1/images/${imageId}/annotated`)));
    const bodies = await Promise.all(answers.map(async (r) => ({ status: r.status, bytes: Buffer.from(await r.arrayBuffer()) })));
    for (const b of bodies) expect(b.status).toBe(200);
    expect(bodies[1]!.bytes.equals(bodies[0]!.bytes) && bodies[2]!.bytes.equals(bodies[0]!.bytes)).toBe(true);
    expect(await sharp(bodies[0]!.bytes).metadata()).toMatchObject({ width: 640, height: 480 });
    expect((await filesUnder(s, 'blobs/derived')).filter((f) => f.includes('annotated'))).toHaveLength(1);
    await expectHealthy(srv);
  });

  it('never puts a server path in an error body (a blob that no longer decodes)', async () => {
    const { sha256 } = (await s.images.get(imageId))!;
    if (!(s.blobs instanceof LocalBlobStore)) throw new Error('this test rewrites a blob in the local folder store');
    const blob = s.blobs.pathOf(sha256);
    await chmod(blob, 0o600);
    await writeFile(blob, Buffer.from('no longer a photo'));
    await rm(path.join(s.dataDir, 'blobs/derived'), { recursive: true, force: true });
    const res = await srv.as('manager')(`/api/v1/images/${imageId}/annotated`);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'image_unreadable', message: expect.stringContaining(`cannot decode image ${sha256}`) } });
    expect(text).not.toContain(s.dataDir);
    expect(text).not.toContain('/blobs/');
    expect(text).not.toMatch(/\/(tmp|home|root|work|srv|var)\//);
    await expectHealthy(srv);
  });
});
