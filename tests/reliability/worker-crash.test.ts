/**
 * kill -9 of the worker, for real: the API and a worker run as separate processes on a SQLite file and a
 * private queue prefix; the demo mission's photos are uploaded; the worker is killed at random moments
 * and twice on the same job (so BullMQ fails that job for stalling), restarted each time. Every photo must
 * end `done` (a crash is retried, never left `processing`), and the database must hold what a clean run
 * over the same photos holds: detections, findings, cases, audit entries and events, row by row.
 * The seed of the random kill times is printed; RELIABILITY_SEED=<n> replays one.
 */
import path from 'node:path';
import { Queue } from 'bullmq';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueName } from '../../core/jobs.ts';
import { TEST_REDIS_URL } from '../helpers/test-services.ts';
import { demoPhotos, startCluster, uploadDemoPhotos, waitUntil, type Cluster } from './helpers/cluster.ts';
import { imageStatuses, snapshotOf, type Snapshot } from './helpers/snapshot.ts';

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const photos = demoPhotos();
const sqliteOf = (c: Cluster) => path.join(c.dataDir, 'app.sqlite');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function allDone(c: Cluster, timeoutMs: number): Promise<void> {
  await waitUntil(
    () => {
      const counts = imageStatuses(sqliteOf(c));
      return counts.done === photos.length ? true : undefined;
    },
    `all ${photos.length} photos done (now ${JSON.stringify(imageStatuses(sqliteOf(c)))})`,
    timeoutMs,
    500,
  );
}

describe('kill -9 of the worker at random moments', () => {
  const clusters: Cluster[] = [];
  afterAll(async () => {
    for (const c of clusters) await c.stop();
  });

  it('ends with every photo done and the same records as a clean run', { timeout: 600_000 }, async () => {
    // The clean run.
    const clean = await startCluster({ redisUrl: TEST_REDIS_URL });
    clusters.push(clean);
    await uploadDemoPhotos(clean, photos);
    await allDone(clean, 240_000);
    const expected: Snapshot = snapshotOf(sqliteOf(clean));
    expect(expected.findings.length).toBeGreaterThan(0);
    expect(expected.cases.length).toBeGreaterThan(0);

    // The same photos with the worker killed under them.
    const seed = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.info(`worker-crash: RELIABILITY_SEED=${seed}`);
    const random = seeded(seed);
    const chaos = await startCluster({ redisUrl: TEST_REDIS_URL });
    clusters.push(chaos);
    const detectQueue = new Queue(QueueName.Detect, { connection: { url: TEST_REDIS_URL }, prefix: chaos.prefix });
    const redis = new Redis(TEST_REDIS_URL);
    let worker = chaos.workers[0]!;
    const restart = async () => {
      await chaos.killWorker(worker);
      worker = chaos.startWorker();
    };
    try {
      await uploadDemoPhotos(chaos, photos);

      // Twice on the same job: catch a detect job while a live worker holds its lock, kill; once BullMQ
      // has put it back and a worker holds it again (stalled once), kill again.
      const lockOf = (id: string) => `${chaos.prefix}:${QueueName.Detect}:${id}:lock`;
      const target = await waitUntil(
        async () => {
          for (const job of await detectQueue.getActive()) if (job.id && (await redis.exists(lockOf(job.id)))) return job.id;
          return undefined;
        },
        'a detect job running',
        180_000,
        20,
      );
      await restart();
      await waitUntil(
        async () => {
          const job = await detectQueue.getJob(target);
          if (!job) throw new Error(`job ${target} finished before the second kill; the stall settings did not bring it back`);
          return job.stalledCounter >= 1 && (await redis.exists(lockOf(target))) ? true : undefined;
        },
        `job ${target} running again after the first kill`,
        120_000,
        20,
      );
      await restart();

      // And a few kills at random moments (while starting, idle, or mid-job).
      for (let i = 0; i < 3; i++) {
        await sleep(500 + random() * 4_000);
        await restart();
      }
      await allDone(chaos, 300_000);
    } finally {
      await detectQueue.close();
      redis.disconnect();
    }

    const db = new Database(sqliteOf(chaos), { readonly: true });
    const recovered = db.prepare('select filename, recovery_attempts from images where recovery_attempts > 0').all();
    db.close();
    // The job killed twice was failed by BullMQ and brought back by the recovery sweeper.
    expect(recovered.length).toBeGreaterThanOrEqual(1);
    const actual = snapshotOf(sqliteOf(chaos));
    expect(actual.images).toEqual(expected.images);
    expect(actual.detections).toEqual(expected.detections);
    expect(actual.findings).toEqual(expected.findings);
    expect(actual.cases).toEqual(expected.cases);
    expect(actual.audit).toEqual(expected.audit);
    expect(actual.events).toEqual(expected.events);
  });
});
