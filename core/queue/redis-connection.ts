/**
 * Finds a Redis for the queues. Uses REDIS_URL when it answers; otherwise, where allowed and
 * `redis-server` is installed, starts a private one under $DATA_DIR/redis (AOF on, noeviction, as BullMQ
 * requires); otherwise fails with a message that names the fix.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { redisOutage } from './redis-outage.ts';

export interface RedisHandle {
  url: string;
  /** The private server we started, if any (stopped on shutdown). */
  child: ChildProcess | null;
}

const PRIVATE_PORT = 6390;

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function ensureRedis(options: { url: string; autostart: boolean; dataDir: string; log: (msg: string) => void }): Promise<RedisHandle> {
  if (await answers(options.url)) return { url: options.url, child: null };
  const privateUrl = `redis://127.0.0.1:${PRIVATE_PORT}`;
  if (!options.autostart) {
    throw new Error(`Redis does not answer at ${options.url}. Start Redis (e.g. \`redis-server\`) or set REDIS_URL; REDIS_AUTOSTART=false forbids starting a private one.`);
  }
  if (await answers(privateUrl)) return { url: privateUrl, child: null };
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      `Redis does not answer at ${options.url} and redis-server is not installed. Install it (Debian/Ubuntu: \`sudo apt-get install redis-server\`; macOS: \`brew install redis\`), or point REDIS_URL at a running Redis.`,
    );
  }
  const dir = path.join(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  options.log(`Redis does not answer at ${options.url}: starting a private redis-server on ${privateUrl} (data in ${dir})`);
  const child = spawn(
    'redis-server',
    ['--port', String(PRIVATE_PORT), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    if (await answers(privateUrl)) return { url: privateUrl, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`started redis-server on ${privateUrl} but it did not answer within 5 s`);
}

/**
 * A connection suitable for BullMQ workers (blocking commands must not time out). With `failFast` (the
 * API's producers and publisher), a command while Redis is unreachable fails at once instead of waiting
 * in ioredis's offline queue for as long as the outage lasts, so a request can answer 503 in
 * milliseconds rather than hang; the connection itself keeps reconnecting either way. Every connection
 * reports to the process's one outage log.
 */
export function redisConnection(url: string, options: { failFast?: boolean } = {}): Redis {
  const client = new Redis(url, options.failFast ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, enableReadyCheck: true } : { maxRetriesPerRequest: null, enableReadyCheck: true });
  client.on('error', (error: Error) => redisOutage.connectionLost(error));
  client.on('ready', () => redisOutage.connectionBack());
  return client;
}
