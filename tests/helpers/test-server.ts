/**
 * A real HTTP server over test services, plus the workers when asked, and an authenticated fetch.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../api/app.ts';
import type { Role } from '../../core/domain.ts';
import { redisConnection } from '../../core/queue/redis-connection.ts';
import { DetectorPool } from '../../models/inference/detector.pool.ts';
import { registerModels } from '../../models/register-models.ts';
import { poolDetector, processorTable } from '../../workers/main.ts';
import { startWorkers, type WorkerHost } from '../../workers/worker-host.ts';
import type { TestServices } from './test-services.ts';

export interface TestServer {
  base: string;
  tokens: Record<Role, string>;
  workers: WorkerHost | null;
  /** fetch against the server with the role's bearer token. */
  as(role: Role): (path: string, init?: RequestInit) => Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(s: TestServices, options: { workers?: boolean; departmentId?: string } = {}): Promise<TestServer> {
  const tokens = {} as Record<Role, string>;
  for (const role of ['operator', 'officer', 'manager', 'admin', 'dock'] as const) {
    tokens[role] = (await s.users.create({ name: `test ${role}`, role, departmentId: role === 'officer' ? (options.departmentId ?? null) : null })).token;
  }
  await s.events.listen(redisConnection(s.redisUrl));
  const server: Server = createApp(s).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The real pipeline: shipped models registered, detection in the worker-thread pool.
  await registerModels(s);
  const pool = options.workers ? new DetectorPool({ concurrency: 1 }) : null;
  const workers = pool
    ? startWorkers({ redisUrl: s.redisUrl, prefix: s.config.QUEUE_PREFIX, processors: processorTable(s, poolDetector(pool, s)), concurrency: {}, log: s.log })
    : null;
  return {
    base,
    tokens,
    workers,
    as: (role) => (path, init = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${tokens[role]}`, ...(init.headers ?? {}) } }),
    async close() {
      await workers?.close();
      await pool?.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
