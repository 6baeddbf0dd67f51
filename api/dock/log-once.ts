/**
 * Logs a complaint about bad input once per key per window (an unknown dock, a malformed message kind):
 * a misconfigured dock that sends twice a second must not flood the log, and must not be silent either.
 */
import type { Logger } from '../../core/logger.ts';

export class LogOnce {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly windowMs = 60 * 60 * 1000,
    private readonly maxKeys = 10_000,
  ) {}

  /** Logs at warn when this key was not logged within the window; returns whether it logged. */
  warn(key: string, fields: Record<string, unknown>, message: string, now = Date.now()): boolean {
    const at = this.last.get(key);
    if (at !== undefined && now - at < this.windowMs) return false;
    if (this.last.size >= this.maxKeys) this.last.clear();
    this.last.set(key, now);
    this.log.warn(fields, `${message} (logged once an hour per ${key.split(':')[0]})`);
    return true;
  }
}
