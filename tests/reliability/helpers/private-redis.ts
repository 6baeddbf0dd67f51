/**
 * A private redis-server for a test that stops and restarts Redis (never the shared one on 6379): a free
 * port, AOF on in a temporary folder, so what was queued survives the restart as in production.
 * Where redis-server is not installed the test is skipped with a notice (under CI=true that fails).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { describe } from 'vitest';
import { freePort } from '../../e2e/helpers/server.harness.ts';
import { waitUntil } from './cluster.ts';

export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) {
  if (process.env.CI === 'true') throw new Error('redis-server is not installed: CI must run the Redis outage test (apt-get install redis-server)');
  console.warn('\n*** NOTICE: redis-server not installed; the Redis outage test is SKIPPED (apt-get install redis-server) ***\n');
}
export const describeWithRedisServer: typeof describe = (hasRedisServer ? describe : describe.skip) as typeof describe;

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dy-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const answers = async () => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG' ? true : undefined;
    } catch {
      return undefined;
    } finally {
      client.disconnect();
    }
  };
  const handle: PrivateRedis = {
    url,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--save', '', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
      await waitUntil(answers, `redis-server on ${port}`, 10_000, 100);
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    async dispose() {
      await handle.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await handle.start();
  return handle;
}
