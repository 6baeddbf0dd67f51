/**
 * Starts the real server for an end-to-end test: builds the UI when map-ui/dist is missing, spawns
 * `npx tsx api/main.ts` on a free port with a temporary DATA_DIR (SQLite, blobs, demo tokens) and the
 * machine's Redis, waits for /healthz and reads the demo tokens.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The demo tokens the server writes on first start, by role. */
export type Tokens = Record<'operator' | 'officer' | 'manager' | 'admin' | 'dock', string>;

/** A running server. */
export interface TestServer {
  url: string;
  dataDir: string;
  tokens: Tokens;
  /** The server's stdout+stderr so far (for failure messages). */
  log: () => string;
  stop: () => Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Delete the test's own queue keys (`<prefix>:*`), so runs do not pile up in the shared Redis. */
async function dropQueues(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys);
    }
  } catch {
    // no Redis to clean: nothing was left there either
  } finally {
    redis.disconnect();
  }
}

/** Newest modification time of the files under `dir` (0 when there are none). */
function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) max = Math.max(max, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return max;
}

/** Build map-ui/dist when it is missing or older than a source file (a stale build tests old code). */
export function ensureUiBuilt(): void {
  const built = path.join(ROOT, 'map-ui/dist/index.html');
  const sources = Math.max(newest(path.join(ROOT, 'map-ui/src')), statSync(path.join(ROOT, 'map-ui/index.html')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  // NODE_ENV=production: vitest sets it to "test", which would build a bigger, unminified-branch bundle.
  const r = spawnSync('npx', ['vite', 'build', '--config', 'map-ui/vite.config.ts'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('vite build of map-ui failed');
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server not healthy within ${timeoutMs} ms:\n${log()}`);
}

/**
 * Start the server; `env` adds or overrides variables. The tile URL points at a closed local port, so
 * on every machine (with a network or not) the map must find by itself that the tiles fail and fall
 * back to the offline basemap, the path an intranet without a tile server takes.
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  ensureUiBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-data-'));
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const child = spawn('npx', ['tsx', 'api/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', BASEMAP_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() ends npx, tsx and node together
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const log = (): string => out.slice(-4000);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (env['QUEUE_PREFIX']) await dropQueues(env['QUEUE_PREFIX']);
  };
  try {
    await waitForHealth(url, child, log, 180_000); // tsx compiles the server first: slow on a loaded machine
    const tokens = JSON.parse(readFileSync(path.join(dataDir, 'demo-tokens.json'), 'utf8')) as Tokens;
    return { url, dataDir, tokens, log, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
