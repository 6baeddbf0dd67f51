/**
 * Redis stopped and restarted under a running API and worker (a private redis-server with AOF, started by
 * the test). Meanwhile /healthz says 503, reads answer without a 500, an upload is answered at once
 * (stored and accepted, or a 503 to retry: never a hang until Redis returns), and each process logs the
 * outage once, not every reconnect. Afterwards the pipeline resumes: every photo, also those uploaded
 * during the outage, ends done.
 */
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { demoPhotos, startCluster, uploadDemoPhotos, waitUntil, DEMO_PHOTOS, type Cluster } from './helpers/cluster.ts';
import { describeWithRedisServer, startPrivateRedis, type PrivateRedis } from './helpers/private-redis.ts';
import { imageStatuses } from './helpers/snapshot.ts';
import { readFileSync } from 'node:fs';

/** Generous: a request that takes longer than this is the hang the test is about. */
const ANSWER_WITHIN_MS = 15_000;

describeWithRedisServer('Redis stopped and restarted', () => {
  let redis: PrivateRedis | null = null;
  let cluster: Cluster | null = null;
  afterAll(async () => {
    await cluster?.stop();
    await redis?.dispose();
  });

  it('answers meanwhile (503 health, reads, quick uploads), logs once, and resumes the pipeline', { timeout: 400_000 }, async () => {
    redis = await startPrivateRedis();
    cluster = await startCluster({ redisUrl: redis.url, env: { LOG_LEVEL: 'info' } });
    const c = cluster;
    const photos = demoPhotos();
    const before = photos.slice(0, 3);
    const during = photos.slice(3, 5);
    const missionId = await uploadDemoPhotos(c, before);
    const sqlite = path.join(c.dataDir, 'app.sqlite');
    await waitUntil(() => (imageStatuses(sqlite).done === before.length ? true : undefined), 'the first photos done', 240_000, 500);

    const auth = (role: 'operator' | 'officer' | 'manager') => ({ authorization: `Bearer ${c.tokens[role]}` });
    const logOffset = { api: c.api.output().length, worker: c.workers[0]!.output().length };
    await redis.stop();

    // Give every connection time to notice and retry a few times (the flood used to be 4 lines a second).
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const health = await fetch(`${c.url}/healthz`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    expect(health.status).toBe(503);
    expect(((await health.json()) as { redis: string }).redis).not.toBe('ok');
    for (const [pathname, role] of [
      [`/api/v1/missions/${missionId}`, 'operator'],
      [`/api/v1/missions/${missionId}/images`, 'operator'],
      ['/api/v1/findings', 'officer'],
      ['/api/v1/cases', 'officer'],
      ['/api/v1/stats/cases', 'manager'],
    ] as const) {
      const res = await fetch(`${c.url}${pathname}`, { headers: auth(role), signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
      expect(res.status, `GET ${pathname}`).toBeLessThan(500);
    }
    for (const file of during) {
      const fd = new FormData();
      fd.append('files', new Blob([readFileSync(path.join(DEMO_PHOTOS, file))]), file);
      const res = await fetch(`${c.url}/api/v1/missions/${missionId}/images`, { method: 'POST', headers: auth('operator'), body: fd, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
      // Stored and accepted (queued once Redis is back), or a 503 the client retries: never a hang.
      expect([202, 503], `upload of ${file} answered ${res.status}`).toContain(res.status);
      if (res.status === 503) expect(res.headers.get('retry-after')).toBeTruthy();
    }
    await new Promise((resolve) => setTimeout(resolve, 4_000));

    await redis.start();
    await waitUntil(async () => ((await fetch(`${c.url}/healthz`)).ok ? true : undefined), '/healthz 200 again', 60_000, 500);
    await waitUntil(() => (imageStatuses(sqlite).done === before.length + during.length ? true : undefined), `all photos done after the outage (now ${JSON.stringify(imageStatuses(sqlite))})`, 240_000, 500);

    for (const [name, output] of [
      ['api', c.api.output().slice(logOffset.api)],
      ['worker', c.workers[0]!.output().slice(logOffset.worker)],
    ] as const) {
      const lost = output.split('\n').filter((line) => line.includes('Redis unreachable'));
      expect(lost.length, `${name} log:\n${output.slice(-3000)}`).toBe(1);
      expect(output, `${name} logs Redis's return`).toContain('Redis reachable again');
      // No other Redis error noise either (ioredis's unhandled-error prints, worker errors).
      expect(output.split('\n').filter((line) => /ECONNREFUSED/.test(line) && !line.includes('Redis unreachable')).length, `${name} log:\n${output.slice(-3000)}`).toBe(0);
    }
  });
});
