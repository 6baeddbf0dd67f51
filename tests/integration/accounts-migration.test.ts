/**
 * Migration 0005 on a database that already has accounts: each account's one token becomes its named
 * "first token" and keeps working (scripts and docks set up before keep running), and can now be revoked.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Migrator, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../core/db/database.ts';
import { initialMigration } from '../../core/db/migrations/0001-initial.migration.ts';
import { detectionGroundSizeMigration } from '../../core/db/migrations/0002-detection-ground-size.migration.ts';
import { detectionDecodeScaleMigration } from '../../core/db/migrations/0003-detection-decode-scale.migration.ts';
import { hashToken, UsersRepository } from '../../core/db/repositories/users.repository.ts';
import { describeEachDb, TEST_PG_URL } from '../helpers/test-services.ts';

describeEachDb('migration 0005 on a database with accounts', (kind) => {
  let db: Db;
  let dir: string;
  const schema = `m${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dy-m5-'));
    if (kind === 'postgres') {
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
    }
    db = openDatabase(kind === 'postgres' ? TEST_PG_URL : `sqlite:${path.join(dir, 'old.sqlite')}`, { schema: kind === 'postgres' ? schema : undefined });
  });
  afterAll(async () => {
    await db?.close();
    if (kind === 'postgres') {
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('turns each existing token into a named, revocable token that still works', async () => {
    // The schema as it was before accounts: migrations 0001-0003 only.
    const before: Record<string, Migration> = { '0001-initial': initialMigration(kind), '0002-detection-ground-size': detectionGroundSizeMigration, '0003-detection-decode-scale': detectionDecodeScaleMigration };
    const { error } = await new Migrator({ db: db.kysely, provider: { getMigrations: async () => before }, ...(db.schema ? { migrationTableSchema: db.schema } : {}) }).migrateToLatest();
    expect(error).toBeUndefined();
    await db.kysely
      .insertInto('users')
      .values({ id: 'legacy-dock', name: 'legacy dock', role: 'dock', department_id: null, token_sha256: hashToken('legacy-dock-token'), created_at: '2025-01-01T00:00:00.000Z' } as never)
      .execute();

    await migrate(db);
    const users = new UsersRepository(db.kysely);
    expect(await users.byToken('legacy-dock-token')).toMatchObject({ id: 'legacy-dock', role: 'dock', dockId: null, mustChangePassword: false });
    const tokens = await users.tokens('legacy-dock');
    expect(tokens.map((t) => t.name)).toEqual(['first token']);
    expect(await users.revokeToken('legacy-dock', tokens[0]!.id)).toBe(true);
    expect(await users.byToken('legacy-dock-token')).toBeNull();
    expect(await users.account('legacy-dock')).toMatchObject({ hasPassword: false, disabled: false });
  });
});
