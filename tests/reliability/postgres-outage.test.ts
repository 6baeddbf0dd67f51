/**
 * PostgreSQL briefly unavailable to the worker: the shared server must not be stopped, so the worker
 * reaches it through a TCP proxy that the test cuts (every connection dropped, new ones refused) while
 * photos are being processed, then restores. Jobs fail, retry with back-off, and succeed; the records are
 * the same as a clean run's over the same photos (on SQLite: the two databases must agree too), so
 * nothing was half-written.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { TEST_PG_URL, TEST_REDIS_URL, hasPostgres } from '../helpers/test-services.ts';
import { startCluster, uploadDemoPhotos, waitUntil, type Cluster } from './helpers/cluster.ts';
import { imageStatuses, snapshotOf, snapshotOfPostgres } from './helpers/snapshot.ts';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.ts';
import { describe } from 'vitest';

/** The demo photos with findings (and one without), enough to cut the database mid-analysis. */
const PHOTOS = ['0001', '0002', '0003', '0004', '0006', '0008', '0011', '0014'].map((n) => `DJI_${{ '0001': '20250424100045', '0002': '20250424100120', '0003': '20250424100153', '0004': '20250424100203', '0006': '20250424100422', '0008': '20250424100626', '0011': '20250424101037', '0014': '20250424101344' }[n]}_${n}_V.JPG`);

async function pgStatuses(schema: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; n: string }>('select status, count(*) as n from images group by status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  } catch {
    return {};
  } finally {
    await client.end();
  }
}

(hasPostgres ? describe : describe.skip)('PostgreSQL briefly unavailable to the worker', () => {
  const clusters: Cluster[] = [];
  let proxy: TcpProxy | null = null;
  const schema = `rel${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    for (const c of clusters) await c.stop();
    await proxy?.close();
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  it('retries the jobs, then succeeds, with the same records as a clean run', { timeout: 600_000 }, async () => {
    const clean = await startCluster({ redisUrl: TEST_REDIS_URL });
    clusters.push(clean);
    await uploadDemoPhotos(clean, PHOTOS);
    await waitUntil(() => (imageStatuses(path.join(clean.dataDir, 'app.sqlite')).done === PHOTOS.length ? true : undefined), 'the clean run', 240_000, 500);
    const expected = snapshotOf(path.join(clean.dataDir, 'app.sqlite'));

    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const pgUrl = new URL(TEST_PG_URL);
    proxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    const withSchema = (url: URL) => `${url.toString()}${url.search ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const viaProxy = new URL(TEST_PG_URL);
    viaProxy.port = String(proxy.port);
    const cluster = await startCluster({ redisUrl: TEST_REDIS_URL, env: { DATABASE_URL: withSchema(pgUrl) }, workerEnv: { DATABASE_URL: withSchema(viaProxy) } });
    clusters.push(cluster);
    await uploadDemoPhotos(cluster, PHOTOS);
    // Cut once the pipeline is under way, for longer than a job takes.
    await waitUntil(async () => ((await pgStatuses(schema)).done ?? 0) >= 1 || undefined, 'the first photo done', 240_000, 100);
    await proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await proxy.restore();
    await waitUntil(async () => ((await pgStatuses(schema)).done === PHOTOS.length ? true : undefined), 'every photo done after the cut', 180_000, 500).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(await pgStatuses(schema))}\nworker:\n${cluster.workers[0]!.output().slice(-6000)}`);
    });

    const worker = cluster.workers[0]!;
    expect(worker.child.exitCode, `the worker survived the cut:\n${worker.output().slice(-2000)}`).toBeNull();
    // The cut was felt: some job failed on it and was retried.
    expect(worker.output()).toMatch(/job failed/);
    const actual = await snapshotOfPostgres(TEST_PG_URL, schema);
    expect(actual.images).toEqual(expected.images);
    expect(actual.detections).toEqual(expected.detections);
    expect(actual.findings).toEqual(expected.findings);
    expect(actual.cases).toEqual(expected.cases);
    expect(actual.audit).toEqual(expected.audit);
    expect(actual.events).toEqual(expected.events);
  });
});
