/**
 * The ingest API end to end against real Redis and a real database (SQLite and PostgreSQL): missions,
 * streamed photo uploads with dedupe, every kind of bad input answered clearly with nothing lost, the
 * original bytes back unchanged, thumbnails, flight logs, waylines, and poses read by the ingest worker
 * (checked against exiftool, an independent reader).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import sharp from 'sharp';
import { describeRealdata, hasRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, describeEachDb, type TestDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { itWithExiftool } from '../helpers/optional-tools.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const form = (files: Array<[name: string, bytes: Uint8Array | string]>, field = 'files') => {
  const fd = new FormData();
  for (const [name, bytes] of files) fd.append(field, new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  return fd;
};

const M4TD = 'images/dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg';
const MINI2 = 'images/dji_rgb/macuil_Aerea3_FC7303_Mini2_nadir.JPG';

describeRealdata('ingest API', () => {
  describeEachDb('uploads, bad input, originals, logs', (kind: TestDb) => {
    let s: TestServices;
    let srv: TestServer;
    let missionId: string;

    beforeAll(async () => {
      s = await createTestServices(kind, { MAX_UPLOAD_BYTES: String(30 * 1024 * 1024) });
      srv = await startTestServer(s, { workers: true });
      const res = await srv.as('operator')('/api/v1/missions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'test patrol' }) });
      expect(res.status).toBe(201);
      missionId = ((await res.json()) as { id: string }).id;
    });
    afterAll(async () => {
      await srv?.close();
      await s?.dispose();
    });

    it('accepts several photos in one request, dedupes by SHA-256 and keeps the bytes unchanged', async () => {
      const a = readFileSync(realdata(M4TD));
      const b = readFileSync(realdata(MINI2));
      const res = await srv.as('operator')(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: form([['m4td.jpeg', a], ['mini2.jpg', b]]) });
      expect(res.status).toBe(202);
      const body = (await res.json()) as { images: Array<{ id: string; sha256: string; duplicate: boolean }> };
      expect(body.images.map((i) => i.sha256)).toEqual([sha(a), sha(b)]);
      expect(body.images.every((i) => i.duplicate === false)).toBe(true);

      const again = (await (await srv.as('dock')(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: form([['copy.jpg', a]]) })).json()) as { images: Array<{ id: string; duplicate: boolean }> };
      expect(again.images[0]).toMatchObject({ id: body.images[0]!.id, duplicate: true });

      const original = Buffer.from(await (await srv.as('operator')(`/api/v1/images/${body.images[0]!.id}/original`)).arrayBuffer());
      expect(sha(original)).toBe(sha(a));
      const thumb = await srv.as('operator')(`/api/v1/images/${body.images[1]!.id}/thumbnail`);
      expect(thumb.headers.get('content-type')).toContain('image/jpeg');
      const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
      expect(Math.max(meta.width!, meta.height!)).toBe(320);
    });

    itWithExiftool('reads each pose as exiftool does (the ingest worker ran for real)', async () => {
      const list = (await (await srv.as('operator')(`/api/v1/missions/${missionId}/images`)).json()) as { images: Array<{ id: string; filename: string }> };
      for (const [file, name] of [[M4TD, 'm4td.jpeg'], [MINI2, 'mini2.jpg']] as const) {
        const id = list.images.find((i) => i.filename === name)!.id;
        const image = await waitFor(async () => {
          const j = (await (await srv.as('operator')(`/api/v1/images/${id}`)).json()) as { status: string; meta: Record<string, number | string | null> | null; footprint?: GeoJSON.Polygon };
          return j.status === 'done' || j.status === 'failed' ? j : undefined;
        }, `image ${name} processed`);
        expect(image.status).toBe('done');
        const [tool] = JSON.parse(execFileSync('exiftool', ['-n', '-json', realdata(file)], { encoding: 'utf8' })) as Array<Record<string, number>>;
        expect(image.meta!.lat).toBeCloseTo(tool!.GPSLatitude!, 6);
        expect(image.meta!.lon).toBeCloseTo(tool!.GPSLongitude!, 6);
        expect(image.meta!.relAlt).toBeCloseTo(Number(tool!.RelativeAltitude), 2);
        expect(image.meta!.gimbalPitch).toBeCloseTo(Number(tool!.GimbalPitchDegree), 2);
        expect(image.meta!.gimbalYaw).toBeCloseTo(Number(tool!.GimbalYawDegree), 2);
        expect(image.meta!.width).toBe(tool!.ImageWidth);
        // Placed on the ground: a footprint polygon around (not at) the drone's position.
        expect(image.footprint?.type).toBe('Polygon');
        const ring = image.footprint!.coordinates[0]!;
        const lons = ring.map((p) => p[0]!);
        const lats = ring.map((p) => p[1]!);
        expect(Math.min(...lons) < tool!.GPSLongitude! || Math.max(...lons) > tool!.GPSLongitude!).toBe(true);
        expect(Math.max(...lats) - Math.min(...lats)).toBeGreaterThan(0);
      }
      const mission = (await (await srv.as('operator')(`/api/v1/missions/${missionId}`)).json()) as { status: string; counts: { images: number; processed: number } };
      expect(mission.counts).toMatchObject({ images: 2, processed: 2 });
      expect(mission.status).toBe('done');
    });

    it('answers every kind of bad part clearly and keeps the good parts of the same request', async () => {
      const good = readFileSync(realdata(MINI2));
      const truncated = good.subarray(0, Math.floor(good.length / 2));
      const res = await srv.as('operator')(`/api/v1/missions/${missionId}/images`, {
        method: 'POST',
        body: form([
          ['empty.jpg', new Uint8Array(0)],
          ['../../etc/passwd.jpg', 'this is text, not a photo'],
          ['half.jpg', truncated],
          ['good-again.jpg', Buffer.concat([good.subarray(0, good.length - 2), Buffer.from([0xff, 0xd9])])],
        ]),
      });
      expect(res.status).toBe(202);
      const { images } = (await res.json()) as { images: Array<{ filename: string; error?: { code: string }; id?: string }> };
      expect(images.map((i) => i.error?.code ?? 'ok')).toEqual(['empty_file', 'not_an_image', 'truncated_image', 'ok']);
      expect(images[1]!.filename).toBe('passwd.jpg');
      // Nothing of the refused parts was kept: only originals that belong to images exist.
      const stored = readdirSync(`${s.dataDir}/blobs/originals`, { recursive: true }).filter((p) => String(p).length > 60);
      const known = (await s.images.listByMission(missionId)).map((i) => i.sha256);
      expect(stored.map((p) => String(p).split('/').pop()).sort()).toEqual([...new Set(known)].sort());
    });

    it('refuses whole requests with the right status and the error shape of API.md', async () => {
      const op = srv.as('operator');
      const allBad = await op(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: form([['a.jpg', 'text']]) });
      expect(allBad.status).toBe(415);
      expect(await allBad.json()).toMatchObject({ error: { code: 'not_an_image' } });
      const unknown = await op('/api/v1/missions/no-such-mission/images', { method: 'POST', body: form([['a.jpg', 'x']]) });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
      const noAuth = await fetch(`${srv.base}/api/v1/missions/${missionId}`);
      expect(noAuth.status).toBe(401);
      const wrongRole = await srv.as('officer')('/api/v1/missions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' });
      expect(wrongRole.status).toBe(403);
      const invalid = await op('/api/v1/missions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":""}' });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { error: { details: Array<{ field: string }> } }).error.details[0]!.field).toBe('name');
    });

    it('answers 413 over the size limit', async () => {
      const big = new Uint8Array(31 * 1024 * 1024);
      big.set([0xff, 0xd8, 0xff, 0xe0]);
      const res = await srv.as('operator')(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: form([['big.jpg', big]]) });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: { code: 'too_large' } });
    });

    it('answers a malformed multipart body with 400 and stays up', async () => {
      const url = new URL(`${srv.base}/api/v1/missions/${missionId}/images`);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${srv.tokens.operator}`, 'content-type': 'multipart/form-data; boundary=XYZ' } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end('--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\n\r\nnot closed');
      });
      expect(status).toBe(400);
      expect((await fetch(`${srv.base}/healthz`)).status).toBe(200);
    });

    it('parses flight logs and refuses foreign or broken ones naming the reason', async () => {
      const op = srv.as('operator');
      const csv = readFileSync(realdata('logs/airdata_csv/mini-2_Sep-5th-2021-07-23PM-Flight-Airdata.csv'));
      const res = await op(`/api/v1/missions/${missionId}/flight-logs`, { method: 'POST', body: form([['flight.csv', csv]], 'file') });
      expect(res.status).toBe(201);
      const log = (await res.json()) as { format: string; points: number };
      expect(log.format).toBe('airdata-csv');
      expect(log.points).toBeGreaterThan(100);
      const photo = await op(`/api/v1/missions/${missionId}/flight-logs`, { method: 'POST', body: form([['x.csv', readFileSync(realdata(MINI2))]], 'file') });
      expect(photo.status).toBe(415);
      expect(await photo.json()).toMatchObject({ error: { code: 'unknown_log_format' } });
      const mission = (await (await op(`/api/v1/missions/${missionId}`)).json()) as { track?: { type: string; coordinates: unknown[] } };
      expect(mission.track?.type).toBe('LineString');
      expect(mission.track!.coordinates.length).toBe(log.points);
    });
  });
});

if (!hasRealdata) it.skip('ingest API needs the real data', () => undefined);
