/**
 * One writing transaction on either database. On SQLite it starts with BEGIN IMMEDIATE: a plain BEGIN
 * takes the write lock only at the first write, and when another process (a second worker, the API)
 * wrote in between, SQLite answers "database is locked" at once instead of waiting out busy_timeout.
 * Taking the lock up front makes concurrent writers queue. PostgreSQL uses Kysely's own transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from './database.ts';
import type { Database } from './schema.ts';

export async function writeTransaction<T>(db: Kysely<Database>, dialect: Dialect, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (dialect !== 'sqlite') return db.transaction().execute(work);
  // connection() holds Kysely's one SQLite connection for the whole unit, so nothing else interleaves.
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}
