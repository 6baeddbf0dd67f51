/**
 * Waits (a bounded time) for a connection to be ready. The API's connections fail fast (no offline
 * queue), so a command sent in the moments after start, before the first connection is up, fails at once;
 * callers that must not lose such a write wait here first.
 */
import { once } from 'node:events';
import type { Redis } from 'ioredis';

/** Resolves when `redis` is ready or `timeoutMs` has passed, whichever comes first; never rejects. */
export async function whenRedisReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await once(redis, 'ready', { signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
}
