/**
 * Database factory: SQLite (better-sqlite3, WAL) by default, PostgreSQL when the URL says postgres://.
 * Both get the same migrations and the same repositories.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { initialMigration } from './migrations/0001-initial.migration.ts';
import { detectionGroundSizeMigration } from './migrations/0002-detection-ground-size.migration.ts';
import { detectionDecodeScaleMigration } from './migrations/0003-detection-decode-scale.migration.ts';
import { caseNumbersMigration } from './migrations/0004-case-numbers.migration.ts';
import { imageRecoveryMigration } from './migrations/0008-image-recovery.migration.ts';
import { accountsMigration } from './migrations/0005-accounts.migration.ts';
import { auditMacMigration } from './migrations/0006-audit-mac.migration.ts';
import { caseRecordMigration } from './migrations/0004-case-record.migration.ts';
import { dockBridgeMigration } from './migrations/0007-dock-bridge.migration.ts';
import { thermalBandsMigration } from './migrations/0009-thermal-bands.migration.ts';
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
    // Where PostgreSQL is unreachable, a query fails after this instead of waiting for ever; jobs retry.
    connectionTimeoutMillis: 10_000,
    // A per-test or per-tenant schema keeps parallel users of one PostgreSQL apart.
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // A connection that PostgreSQL (or the network) drops emits 'error': on the pool while idle, on the
  // client while checked out between two queries. Unlistened, either ends the process (a worker killed by
  // a database restart). The query that needed it fails and its job retries; the pool opens a new one.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
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
      '0004-case-record': caseRecordMigration,
      '0005-accounts': accountsMigration,
      '0006-audit-mac': auditMacMigration,
      '0007-dock-bridge': dockBridgeMigration,
      '0008-image-recovery': imageRecoveryMigration,
      '0009-thermal-bands': thermalBandsMigration,
    };
  }
}

/** Brings the schema up to date; throws with the failing migration named. */
export async function migrate(db: Db): Promise<void> {
  // Numbers were handed out to parallel branches; a database that ran a later one first still takes the rest.
  // Kysely looks for its bookkeeping tables in every schema it can see; where several deployments (or
  // parallel tests) share one PostgreSQL database in schemas of their own, another schema's tables would
  // be taken for ours. Name ours: the schema the connection works in.
  const schema = db.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db: db.kysely, provider: new StaticMigrations(db.dialect), allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
