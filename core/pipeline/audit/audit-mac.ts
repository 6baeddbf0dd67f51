/**
 * The key on the chain: each entry's hash is public (anyone can recompute it, which is what lets an
 * evidence package be checked on its own), so on its own it stops only careless edits. The MAC over the
 * hash needs the audit key, which lives in the configuration and never in the database: whoever can
 * write the database but not read the key cannot rewrite an entry and recompute the ones after it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 (hex) of an entry's hash under the audit key. */
export function macOf(key: string, hash: string): string {
  return createHmac('sha256', key).update(`audit-entry:${hash}`, 'utf8').digest('hex');
}

/** True when `mac` is the MAC of `hash` under `key` (constant-time compare). */
export function macMatches(key: string, hash: string, mac: string | null | undefined): boolean {
  if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return timingSafeEqual(Buffer.from(macOf(key, hash), 'hex'), Buffer.from(mac, 'hex'));
}
