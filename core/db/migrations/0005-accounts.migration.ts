/**
 * Accounts that people sign in to and tokens that machines carry: a password (scrypt, per-user salt) and
 * a forced change on first sign-in; disabled accounts; a dock binding for dock accounts; sessions and
 * named bearer tokens, both stored as SHA-256 only. The one token each user had so far (users.token_sha256)
 * becomes a named token, so every token handed out before keeps working and can now be listed and revoked.
 */
import { sql, type Kysely } from 'kysely';

export const accountsMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('users').addColumn('password_hash', 'text').execute();
    await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
    await db.schema.alterTable('users').addColumn('dock_id', 'text').execute();
    await db.schema.createIndex('users_name_lower').on('users').expression(sql`lower(name)`).unique().execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id_sha256', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

    await sql`insert into api_tokens (id, user_id, name, token_sha256, created_at, created_by, last_used_at, revoked_at)
              select 'tok-' || id, id, 'first token', token_sha256, created_at, null, null, null from users`.execute(db);
  },
};
