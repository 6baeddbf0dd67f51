/**
 * Back-off after failed sign-ins, kept in Redis so every API process sees the same counts. Per account
 * (by name, known or not, so probing names costs the same) and per client address: after `maxFailures`
 * failures within an hour the key is locked for 30 s, doubling with each further failure up to 15 min.
 * A locked account or address is refused before its password is checked; a success clears the account's
 * count (not the address's, so one good password does not hide guessing at others).
 */
import type { Redis } from 'ioredis';

const WINDOW_MS = 60 * 60_000;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

export const lockMs = (failures: number, maxFailures: number): number =>
  failures < maxFailures ? 0 : Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(failures - maxFailures, 20));

export interface BackoffLimits {
  accountMaxFailures: number;
  addressMaxFailures: number;
}

export class SignInBackoff {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: BackoffLimits,
  ) {}

  private keys(kind: 'account' | 'address', id: string) {
    const base = `${this.prefix}:signin:${kind}:${kind === 'account' ? id.toLowerCase() : id}`;
    return { failures: `${base}:failures`, lock: `${base}:lock` };
  }

  /** Milliseconds until this name or address may try again (0: now). */
  async retryAfterMs(name: string, address: string): Promise<number> {
    const [account, ip] = await Promise.all([this.redis.pttl(this.keys('account', name).lock), this.redis.pttl(this.keys('address', address).lock)]);
    return Math.max(0, account, ip);
  }

  async failed(name: string, address: string): Promise<void> {
    await Promise.all([this.count('account', name, this.limits.accountMaxFailures), this.count('address', address, this.limits.addressMaxFailures)]);
  }

  async succeeded(name: string): Promise<void> {
    const k = this.keys('account', name);
    await this.redis.del(k.failures, k.lock);
  }

  private async count(kind: 'account' | 'address', id: string, maxFailures: number): Promise<void> {
    const k = this.keys(kind, id);
    const [[, failures]] = (await this.redis.multi().incr(k.failures).pexpire(k.failures, WINDOW_MS).exec()) as [[null, number], unknown];
    const ms = lockMs(failures, maxFailures);
    if (ms > 0) await this.redis.set(k.lock, String(failures), 'PX', ms);
  }
}
