/**
 * Database factory: SQLite (better-sqlite3, WAL) by default, PostgreSQL when the URL says postgres://.
 * Both get the same migrations and the same repositories.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { initialMigration } from './migrations/0001-initial.migration.ts';
import { detectionGroundSizeMigration } from './migrations/0002-detection-ground-size.migration.ts';
import { detectionDecodeScaleMigration } from './migrations/0003-detection-decode-scale.migration.ts';
import { caseNumbersMigration } from './migrations/0004-case-numbers.migration.ts';
import { caseRecordMigration } from './migrations/0004-case-record.migration.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';
export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The PostgreSQL schema it works in, where one was given. */
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
  return { kysely, dialect: 'postgres', schema: options.schema, close: () => kysely.destroy() };
}

class StaticMigrations implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '0001-initial': initialMigration(this.dialect), '0002-detection-ground-size': detectionGroundSizeMigration, '0003-detection-decode-scale': detectionDecodeScaleMigration, '0004-case-numbers': caseNumbersMigration, '0004-case-record': caseRecordMigration };
  }
}

/** Brings the schema up to date; throws with the failing migration named. */
export async function migrate(db: Db): Promise<void> {
  // Kysely looks for its migration tables in every schema unless told which: with several schemas in one
  // database (tests, tenants) it would find another's and skip creating its own.
  const migrator = new Migrator({ db: db.kysely, provider: new StaticMigrations(db.dialect), ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
