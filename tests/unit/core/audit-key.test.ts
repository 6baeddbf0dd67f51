/** Where the audit key comes from: config; in development a key generated once (0600) and reused; production refuses without one. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { MissingAuditKeyError, resolveAuditKey } from '../../../core/audit/audit-key.ts';
import { createLogger } from '../../../core/logger.ts';

const log = createLogger('silent');
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

it('takes AUDIT_KEY from the configuration and writes nothing', async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'audit-key-'));
  const key = 'k'.repeat(40);
  expect(await resolveAuditKey({ AUDIT_KEY: key, NODE_ENV: 'production', DATA_DIR: dir }, log)).toBe(key);
  await expect(stat(path.join(dir, 'audit.key'))).rejects.toThrow(/ENOENT/);
});

it('refuses to run in production without AUDIT_KEY, saying how to make one', async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'audit-key-'));
  await expect(resolveAuditKey({ AUDIT_KEY: undefined, NODE_ENV: 'production', DATA_DIR: dir }, log)).rejects.toThrow(MissingAuditKeyError);
  await expect(resolveAuditKey({ AUDIT_KEY: undefined, NODE_ENV: 'production', DATA_DIR: dir }, log)).rejects.toThrow(/openssl rand -hex 32/);
});

it('in development generates a key into $DATA_DIR/audit.key (mode 0600) once and reuses it', async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'audit-key-'));
  const first = await resolveAuditKey({ AUDIT_KEY: undefined, NODE_ENV: 'development', DATA_DIR: dir }, log);
  expect(first).toMatch(/^[0-9a-f]{64}$/);
  const file = path.join(dir, 'audit.key');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect((await readFile(file, 'utf8')).trim()).toBe(first);
  expect(await resolveAuditKey({ AUDIT_KEY: undefined, NODE_ENV: 'development', DATA_DIR: dir }, log)).toBe(first);
});
