/**
 * The secret that signs alert photo links: LINK_SECRET where set (required when API and workers run on
 * different machines), else one made at first use and kept in $DATA_DIR/link-secret (mode 600), which
 * every process of a one-machine install shares.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';

const cache = new Map<string, string>();

export function linkSecret(config: Pick<Config, 'LINK_SECRET' | 'DATA_DIR'>): string {
  if (config.LINK_SECRET) return config.LINK_SECRET;
  const file = path.join(config.DATA_DIR, 'link-secret');
  let secret = cache.get(file);
  if (secret) return secret;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(config.DATA_DIR, { recursive: true });
    try {
      // 'wx': a second process starting at the same moment keeps the first one's secret.
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch {
      // written meanwhile by another process: read it below
    }
    secret = readFileSync(file, 'utf8').trim();
  }
  cache.set(file, secret);
  return secret;
}
