/**
 * One log line when Redis goes away and one when it is back, however many connections notice (a worker
 * process holds about ten, each retrying every couple of seconds: left alone they flood the log with
 * several lines a second for as long as the outage lasts).
 */
import type { Logger } from '../logger.ts';

const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|Connection is closed|Stream isn't writeable|MaxRetriesPerRequest|Reached the max retries|connect ETIMEDOUT|Socket closed unexpectedly/;

/** True for the errors a lost connection to Redis gives (as opposed to a command Redis refused). */
export function isRedisConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return CONNECTION_ERROR.test(`${typeof code === 'string' ? code : ''} ${error.message} ${error.name}`);
}

export class RedisOutageLog {
  private downSince: number | null = null;
  private log: Logger | null = null;

  /** The process's logger; until it is set, outages are tracked but not written. */
  useLogger(log: Logger): void {
    this.log = log;
  }

  get down(): boolean {
    return this.downSince !== null;
  }

  connectionLost(error: Error): void {
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    this.log?.warn(`Redis unreachable (${error.message}): queued work waits, stored uploads are queued once it is back; retrying`);
  }

  connectionBack(): void {
    if (this.downSince === null) return;
    const seconds = (Date.now() - this.downSince) / 1000;
    this.downSince = null;
    this.log?.info(`Redis reachable again after ${seconds.toFixed(1)} s`);
  }
}

/** The process's one outage log (every connection reports to it). */
export const redisOutage = new RedisOutageLog();
