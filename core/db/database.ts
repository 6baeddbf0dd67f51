/**
 * Database factory: SQLite (better-sqlite3, WAL) by default, PostgreSQL when the URL says postgres://.
 * Both get the same migrations and the same repositories.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { initialMigration } from './migrations/0001-initial.migration.ts';
import { detectionGroundSizeMigration } from './migrations/0002-detection-ground-size.migration.ts';
import { detectionDecodeScaleMigration } from './migrations/0003-detection-decode-scale.migration.ts';
import { caseNumbersMigration } from './migrations/0004-case-numbers.migration.ts';
import { imageRecoveryMigration } from './migrations/0008-image-recovery.migration.ts';
import { accountsMigration } from './migrations/0005-accounts.migration.ts';
import { auditMacMigration } from './migrations/0006-audit-mac.migration.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';
export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The PostgreSQL schema the connection is pinned to (search_path), when one was given. */
  schema?: string;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (COUNT, bigint) as strings; every count and size here fits a double.
pg.types.setTypeParser(20, (value: string) => Number(value));

/** Opens the database named by the URL (`sqlite:<path>` or `postgres://...`). Does not migrate. */
export function openDatabase(url: string, options: { schema?: string } = {}): Db {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SQLite(file);
    // Owner only: the file holds webhook secrets. SQLite gives its -wal and -shm files the same mode.
    if (file !== ':memory:') chmodSync(file, 0o600);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A per-test or per-tenant schema keeps parallel users of one PostgreSQL apart.
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', ...(options.schema ? { schema: options.schema } : {}), close: () => kysely.destroy() };
}

class StaticMigrations implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-initial': initialMigration(this.dialect),
      '0002-detection-ground-size': detectionGroundSizeMigration,
      '0003-detection-decode-scale': detectionDecodeScaleMigration,
      '0004-case-numbers': caseNumbersMigration,
      '0005-accounts': accountsMigration,
      '0006-audit-mac': auditMacMigration,
      '0008-image-recovery': imageRecoveryMigration,
    };
  }
}

/** Brings the schema up to date; throws with the failing migration named. */
export async function migrate(db: Db): Promise<void> {
  // Numbers were handed out to parallel branches; a database that ran a later one first still takes the rest.
  // With a pinned schema, Kysely must look for its migration tables in that schema only: it otherwise
  // takes another schema's (a parallel test's) for ours, skips creating them, and fails.
  const migrator = new Migrator({
    db: db.kysely,
    provider: new StaticMigrations(db.dialect),
    allowUnorderedMigrations: true,
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
