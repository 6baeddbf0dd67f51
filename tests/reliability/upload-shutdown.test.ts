/**
 * Uploads and the process's end, on a real API process: a temp file orphaned by a crash is removed at
 * start (one still being written is kept); an upload the client aborts leaves no temp file and no open
 * descriptor; on SIGTERM an upload in flight that finishes within SHUTDOWN_GRACE_S is stored and
 * answered 202, one that does not is answered 503 before the process exits, and nothing stays in tmp.
 */
import { mkdirSync, readFileSync, readdirSync, readlinkSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, expect, it, describe } from 'vitest';
import { TEST_REDIS_URL } from '../helpers/test-services.ts';
import { DEMO_PHOTOS, demoPhotos, signalGroup, startCluster, waitUntil, type Cluster } from './helpers/cluster.ts';

const BOUNDARY = 'reliabilityboundary';
const photo = readFileSync(path.join(DEMO_PHOTOS, demoPhotos()[0]!));
const multipartBody = (bytes: Buffer, filename: string) =>
  Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);

/** A multipart upload sent in two halves: `sendRest()` completes it, `abort()` drops the connection. */
function slowUpload(c: Cluster, missionId: string, bytes: Buffer) {
  const body = multipartBody(bytes, 'slow.jpg');
  const half = Math.floor(body.length / 2);
  const req = http.request(`${c.url}/api/v1/missions/${missionId}/images`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.tokens.operator}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(body.length) },
  });
  const answer = new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('error', (e) => resolve({ error: e.message }));
  });
  req.write(body.subarray(0, half));
  return { answer, sendRest: () => req.end(body.subarray(half)), abort: () => req.destroy() };
}

/** Files under `dir` that any process on the machine holds open (Linux /proc; empty elsewhere). */
function openDescriptorsUnder(dir: string): string[] {
  if (!existsSync('/proc/self/fd')) return [];
  const held: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith(dir)) held.push(`${pid}: ${target}`);
      } catch {
        // closed meanwhile
      }
    }
  }
  return held;
}

describe('uploads and the end of the process', () => {
  let cluster: Cluster | null = null;
  afterAll(async () => {
    await cluster?.stop();
  });

  it('sweeps crash orphans at start, cleans up aborted uploads, and drains uploads on SIGTERM', { timeout: 300_000 }, async () => {
    cluster = await startCluster({
      redisUrl: TEST_REDIS_URL,
      workers: 0,
      env: { SHUTDOWN_GRACE_S: '4' },
      beforeStart: (dataDir) => {
        const tmp = path.join(dataDir, 'blobs/tmp');
        mkdirSync(tmp, { recursive: true });
        writeFileSync(path.join(tmp, 'orphan-of-a-crash'), 'partial upload');
        const anHourAgo = new Date(Date.now() - 3_600_000);
        utimesSync(path.join(tmp, 'orphan-of-a-crash'), anHourAgo, anHourAgo);
        writeFileSync(path.join(tmp, 'still-being-written'), 'partial upload');
      },
    });
    const c = cluster;
    const tmp = path.join(c.dataDir, 'blobs/tmp');
    expect(readdirSync(tmp).sort()).toEqual(['still-being-written']);

    const res = await fetch(`${c.url}/api/v1/missions`, { method: 'POST', headers: { authorization: `Bearer ${c.tokens.operator}`, 'content-type': 'application/json' }, body: '{"name":"uploads"}' });
    const { id: missionId } = (await res.json()) as { id: string };
    const tmpFiles = () => readdirSync(tmp).filter((f) => f !== 'still-being-written');

    // The client goes away mid-file.
    const aborted = slowUpload(c, missionId, photo);
    await waitUntil(() => (tmpFiles().length > 0 ? true : undefined), 'the upload staged to a temp file', 30_000, 50);
    aborted.abort();
    await waitUntil(() => (tmpFiles().length === 0 && openDescriptorsUnder(tmp).length === 0 ? true : undefined), 'no temp file and no descriptor left by the aborted upload', 30_000, 100);

    // SIGTERM with two uploads in flight: one finishes within the grace period, one never does.
    const finishing = slowUpload(c, missionId, photo);
    const stalled = slowUpload(c, missionId, Buffer.concat([photo, Buffer.from('another file')]));
    await waitUntil(() => (tmpFiles().length === 2 ? true : undefined), 'both uploads staging', 30_000, 50);
    signalGroup(c.api, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    finishing.sendRest();
    const done = await finishing.answer;
    expect(done, JSON.stringify(done)).toMatchObject({ status: 202 });
    const refused = await stalled.answer;
    expect(refused, JSON.stringify(refused)).toMatchObject({ status: 503 });
    expect(JSON.parse((refused as { body: string }).body)).toMatchObject({ error: { code: 'shutting_down' } });
    expect(await c.api.exited).toBe(0);
    expect(tmpFiles()).toEqual([]);
    expect(openDescriptorsUnder(tmp)).toEqual([]);
    // The finished upload is stored under its hash.
    const { images } = JSON.parse((done as { body: string }).body) as { images: Array<{ sha256: string }> };
    expect(existsSync(path.join(c.dataDir, 'blobs/originals', images[0]!.sha256.slice(0, 2), images[0]!.sha256.slice(2, 4), images[0]!.sha256))).toBe(true);
  });
});
