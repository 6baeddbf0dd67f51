/**
 * Two ingest promises checked on the real pipeline: a photo without a position is kept, flagged and
 * still processed, and takes its position from a flight log that arrives later; and a 100 MB upload is
 * streamed, not buffered (the server's memory does not grow by the file's size).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';

const M3TD = 'images/dji_thermal/thermalparser_M3TD_DJI_0001_R.JPG';

/** A GPX track around the M3TD photo's time: its clock says 17:08:35 local (UTC+8) = 09:08:35 UTC. */
function gpxAround(): string {
  const points = [];
  for (let i = 0; i <= 60; i++) {
    const t = new Date(Date.UTC(2024, 3, 8, 9, 8, 5 + i));
    points.push(`<trkpt lat="${(38.05 + i * 0.0001).toFixed(6)}" lon="118.94"><ele>${(60 + i).toFixed(1)}</ele><time>${t.toISOString()}</time></trkpt>`);
  }
  return `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${points.join('')}</trkseg></trk></gpx>`;
}

describeRealdata('ingest: positions and memory', () => {
  describeEachDb('a photo without position, then its flight log', (kind) => {
    let s: TestServices;
    let srv: TestServer;
    beforeAll(async () => {
      s = await createTestServices(kind);
      srv = await startTestServer(s, { workers: true });
    });
    afterAll(async () => {
      await srv?.close();
      await s?.dispose();
    });

    it('stores it flagged "no position", processes it, and places it when the log arrives later', async () => {
      const op = srv.as('operator');
      const { id: missionId } = (await (await op('/api/v1/missions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"thermal"}' })).json()) as { id: string };
      const fd = new FormData();
      fd.append('files', new Blob([readFileSync(realdata(M3TD))]), 'DJI_0001_R.JPG');
      const { images } = (await (await op(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: fd })).json()) as { images: Array<{ id: string }> };
      const id = images[0]!.id;
      type View = { status: string; noPosition: boolean; meta: { lat: number | null; lon: number | null; positionSource: string } };
      const before = await waitFor(async () => {
        const v = (await (await op(`/api/v1/images/${id}`)).json()) as View;
        return v.status === 'done' ? v : undefined;
      }, 'positionless photo processed');
      expect(before.noPosition).toBe(true);
      expect(before.meta.positionSource).toBe('none');

      const log = new FormData();
      log.append('file', new Blob([gpxAround()]), 'track.gpx');
      expect((await op(`/api/v1/missions/${missionId}/flight-logs`, { method: 'POST', body: log })).status).toBe(201);
      const after = await waitFor(async () => {
        const v = (await (await op(`/api/v1/images/${id}`)).json()) as View;
        return v.meta.positionSource === 'flight-log' ? v : undefined;
      }, 'photo placed from the late flight log');
      // 17:08:35 local = 30 s into the track: lat 38.05 + 30 * 0.0001.
      expect(after.meta.lat).toBeCloseTo(38.053, 6);
      expect(after.meta.lon).toBeCloseTo(118.94, 6);
      expect(after.noPosition).toBe(false);
    });
  });

  // The database plays no part in streaming: SQLite alone is enough here.
  describe('a 100 MB photo', () => {
    let s: TestServices;
    let srv: TestServer;
    beforeAll(async () => {
      s = await createTestServices('sqlite', { MAX_UPLOAD_BYTES: String(200 * 1024 * 1024) });
      srv = await startTestServer(s);
    });
    afterAll(async () => {
      await srv?.close();
      await s?.dispose();
    });

    it('is streamed to disk: the process grows by far less than the file', async () => {
      // A ~100 MB JPEG shaped like DJI's: the photo, then appended data ending in an embedded preview JPEG.
      const photo = readFileSync(realdata('images/dji_rgb/macuil_Aerea3_FC7303_Mini2_nadir.JPG'));
      const file = path.join(s.dataDir, 'big.jpg');
      await writeFile(file, Buffer.concat([photo, Buffer.alloc(100 * 1024 * 1024, 0x20), photo]));
      const size = (await import('node:fs')).statSync(file).size;
      expect(size).toBeGreaterThan(100 * 1024 * 1024);

      const { id: missionId } = (await (await srv.as('operator')('/api/v1/missions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"big"}' })).json()) as { id: string };
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      const boundary = 'BOUNDARY123';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${srv.base}/api/v1/missions/${missionId}/images`, {
          method: 'POST',
          headers: { authorization: `Bearer ${srv.tokens.operator}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length },
        }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', reject);
        req.write(head);
        const stream = createReadStream(file);
        stream.on('end', () => req.end(tail));
        stream.pipe(req, { end: false });
      });
      clearInterval(sampler);
      expect(status, body).toBe(202);
      expect(JSON.parse(body).images[0].error).toBeUndefined();
      const grewMb = (peak - baseline) / 1024 / 1024;
      expect(grewMb).toBeLessThan(60);
    });
  });
});
