/**
 * `ROLE=all` (what `npm start` runs) keeps the workers in a supervised child process: kill -9 of that child
 * (as the kernel's OOM killer would) leaves the API answering, a new child is started and processes the
 * next photo; kill -9 of the API process leaves no orphaned worker behind (it finishes and exits).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../helpers/test-services.ts';
import { demoPhotos, startCluster, uploadDemoPhotos, waitUntil, type Cluster } from './helpers/cluster.ts';
import { imageStatuses } from './helpers/snapshot.ts';

const workerPids = (output: string): number[] => [...output.matchAll(/workers running in process (\d+)/g)].map((m) => Number(m[1]));
const parentOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);

describe('ROLE=all: the workers in a supervised child process', () => {
  let cluster: Cluster | null = null;
  afterAll(async () => {
    await cluster?.stop();
  });

  it('survives a killed worker child, restarts it, and leaves no orphan when the API dies', { timeout: 400_000 }, async () => {
    cluster = await startCluster({ redisUrl: TEST_REDIS_URL, role: 'all', workers: 0, env: { LOG_LEVEL: 'info' } });
    const c = cluster;
    const sqlite = path.join(c.dataDir, 'app.sqlite');
    const [first, second] = demoPhotos();
    const firstPid = await waitUntil(() => workerPids(c.api.output())[0], 'the worker child started', 120_000);

    await uploadDemoPhotos(c, [first!]);
    await waitUntil(() => (imageStatuses(sqlite).done === 1 ? true : undefined), 'the first photo done', 180_000, 500);

    process.kill(firstPid, 'SIGKILL');
    // The API is not taken down with it.
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
    const secondPid = await waitUntil(() => workerPids(c.api.output()).find((pid) => pid !== firstPid), 'a new worker child', 60_000);
    expect(c.api.output()).toMatch(new RegExp(`workers \\(process ${firstPid}\\) exited \\(SIGKILL\\); restarting`));
    await uploadDemoPhotos(c, [second!]);
    await waitUntil(() => (imageStatuses(sqlite).done === 2 ? true : undefined), 'the second photo done by the new child', 180_000, 500);

    // The API process itself dies: its worker child notices and exits instead of running on unsupervised.
    process.kill(parentOf(secondPid), 'SIGKILL');
    await waitUntil(() => (existsSync(`/proc/${secondPid}`) ? undefined : true), 'the orphaned worker child to exit', 60_000, 200);
  });
});
