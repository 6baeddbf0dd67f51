/**
 * Where the audit key comes from: AUDIT_KEY in the configuration; in development, when unset, a key
 * generated once into $DATA_DIR/audit.key (mode 0600) and reused, with a log line saying so. Production
 * refuses to start without AUDIT_KEY: a key sitting next to the database it protects proves little.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

export class MissingAuditKeyError extends Error {
  constructor() {
    super('AUDIT_KEY is required with NODE_ENV=production: set it to a random secret of at least 32 characters (e.g. `openssl rand -hex 32`) kept outside $DATA_DIR');
  }
}

export async function resolveAuditKey(config: Pick<Config, 'AUDIT_KEY' | 'NODE_ENV' | 'DATA_DIR'>, log: Logger): Promise<string> {
  if (config.AUDIT_KEY) return config.AUDIT_KEY;
  if (config.NODE_ENV === 'production') throw new MissingAuditKeyError();
  const file = path.join(config.DATA_DIR, 'audit.key');
  const generated = randomBytes(32).toString('hex');
  try {
    // 'wx': two processes starting on one data folder agree on whichever key was written first.
    await writeFile(file, `${generated}\n`, { flag: 'wx', mode: 0o600 });
    log.warn(`AUDIT_KEY is not set: generated an audit key into ${file} (mode 0600). Set AUDIT_KEY in production; keep this key, or the chain written with it no longer verifies`);
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = (await readFile(file, 'utf8')).trim();
  if (stored.length < 32) throw new Error(`${file} holds no usable audit key (under 32 characters): remove it to generate a new one, or set AUDIT_KEY`);
  log.info(`audit key read from ${file} (AUDIT_KEY is not set)`);
  return stored;
}
