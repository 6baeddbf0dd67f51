/**
 * Real processes for the reliability tests: the API (ROLE=api) and workers (ROLE=worker) spawned with tsx
 * as children on a temporary DATA_DIR (SQLite file, blobs, demo tokens) and a private queue prefix, so the
 * test can kill -9 a worker, restart it, and read the database file afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../e2e/helpers/server.harness.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
export const DEMO_PHOTOS = path.join(ROOT, 'seeds/demo/photos');
export const demoPhotos = (): string[] => readdirSync(DEMO_PHOTOS).filter((f) => /\.jpe?g$/i.test(f)).sort();

export interface RoleProcess {
  child: ChildProcess;
  /** stdout + stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string | null>;
}

/** Spawns `tsx api/main.ts` in the given role; the child is its own process group so a kill takes tsx and node together. */
export function spawnRole(env: Record<string, string>): RoleProcess {
  const child = spawn(TSX, ['api/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, output: () => out, exited };
}

/** Sends a signal to the whole process group (tsx's loader and the node it runs). */
export function signalGroup(p: RoleProcess, signal: NodeJS.Signals): void {
  if (p.child.exitCode === null && p.child.signalCode === null && p.child.pid) {
    try {
      process.kill(-p.child.pid, signal);
    } catch {
      // already gone
    }
  }
}

export async function waitUntil<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs: number, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface Cluster {
  url: string;
  dataDir: string;
  prefix: string;
  env: Record<string, string>;
  api: RoleProcess;
  workers: RoleProcess[];
  tokens: Record<'operator' | 'officer' | 'manager' | 'admin' | 'dock', string>;
  startWorker(): RoleProcess;
  /** kill -9 of a worker; resolves once it is gone. */
  killWorker(worker: RoleProcess): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the API, waits for /healthz, then the given number of workers. */
export async function startCluster(options: {
  redisUrl: string;
  workers?: number;
  env?: Record<string, string>;
  workerEnv?: Record<string, string>;
  /** `all` runs the API with its supervised worker child (then start no workers here). */
  role?: 'api' | 'all';
  /** Runs on the empty DATA_DIR before the API starts. */
  beforeStart?: (dataDir: string) => void;
}): Promise<Cluster> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dy-rel-'));
  options.beforeStart?.(dataDir);
  const prefix = `rel${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${path.join(dataDir, 'app.sqlite')}`,
    REDIS_URL: options.redisUrl,
    REDIS_AUTOSTART: 'false',
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RECOVERY_SWEEP_S: '1',
    // One audit key for every cluster: runs are compared row by row, the audit entries' MACs included.
    AUDIT_KEY: 'reliability-test-audit-key-0123456789abcdef',
    ...options.env,
  };
  const api = spawnRole({ ...env, ROLE: options.role ?? 'api' });
  const url = `http://127.0.0.1:${port}`;
  const workers: RoleProcess[] = [];
  const cluster: Cluster = {
    url,
    dataDir,
    prefix,
    env,
    api,
    workers,
    tokens: {} as Cluster['tokens'],
    startWorker() {
      const worker = spawnRole({ ...env, ROLE: 'worker', DEMO_ACCOUNTS: 'false', ...options.workerEnv });
      workers.push(worker);
      return worker;
    },
    async killWorker(worker) {
      signalGroup(worker, 'SIGKILL');
      await worker.exited;
    },
    async stop() {
      for (const p of [...workers, api]) signalGroup(p, 'SIGKILL');
      await Promise.all([...workers, api].map((p) => p.exited));
      rmSync(dataDir, { recursive: true, force: true });
      await dropKeys(options.redisUrl, prefix);
    },
  };
  try {
    await waitUntil(
      async () => {
        if (api.child.exitCode !== null) throw new Error(`API exited:\n${api.output()}`);
        return (await fetch(`${url}/healthz`).catch(() => null))?.ok ? true : undefined;
      },
      'the API to answer /healthz',
      180_000,
      300,
    );
    cluster.tokens = JSON.parse(readFileSync(path.join(dataDir, 'demo-tokens.json'), 'utf8')) as Cluster['tokens'];
    for (let i = 0; i < (options.workers ?? 1); i++) cluster.startWorker();
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

async function dropKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys);
    }
  } catch {
    // Redis gone (a private one already stopped): nothing to clean
  } finally {
    redis.disconnect();
  }
}

/** Creates a mission and uploads the given demo photos one by one; returns the mission id. */
export async function uploadDemoPhotos(cluster: Cluster, files: string[]): Promise<string> {
  const auth = { authorization: `Bearer ${cluster.tokens.operator}` };
  const res = await fetch(`${cluster.url}/api/v1/missions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'reliability', dockId: 'dock-dyport-01' }) });
  if (!res.ok) throw new Error(`creating the mission: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  for (const file of files) {
    const fd = new FormData();
    fd.append('files', new Blob([readFileSync(path.join(DEMO_PHOTOS, file))]), file);
    const up = await fetch(`${cluster.url}/api/v1/missions/${id}/images`, { method: 'POST', headers: auth, body: fd });
    if (!up.ok) throw new Error(`uploading ${file}: ${up.status} ${await up.text()}`);
  }
  return id;
}
