/**
 * Browser sessions: the cookie carries a random id, the database only its SHA-256, so a copy of the
 * database signs nobody in. A session ends at its expiry, at sign-out, or when an admin ends the user's
 * sessions (or disables the account).
 */
import type { Kysely } from 'kysely';
import { nowIso } from '../json.ts';
import type { Database } from '../schema.ts';
import { hashToken, newSecret, type User, type UsersRepository } from './users.repository.ts';

export class SessionsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: UsersRepository,
  ) {}

  /** Starts a session; returns the id for the cookie (never stored in clear) and when it expires. */
  async start(userId: string, ttlMs: number, client: { ip: string | null; userAgent: string | null }): Promise<{ id: string; expiresAt: Date }> {
    const id = newSecret();
    const expiresAt = new Date(Date.now() + ttlMs);
    await this.db
      .insertInto('sessions')
      .values({ id_sha256: hashToken(id), user_id: userId, created_at: nowIso(), expires_at: expiresAt.toISOString(), ended_at: null, ip: client.ip, user_agent: client.userAgent?.slice(0, 300) ?? null })
      .execute();
    return { id, expiresAt };
  }

  /** The active account of a live session, or null (unknown, ended, expired, or the account disabled). */
  async user(id: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.user_id'])
      .where('sessions.id_sha256', '=', hashToken(id))
      .where('sessions.ended_at', 'is', null)
      .where('sessions.expires_at', '>', nowIso())
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    return row ? this.users.byId(row.user_id) : null;
  }

  async end(id: string): Promise<void> {
    await this.db.updateTable('sessions').set({ ended_at: nowIso() }).where('id_sha256', '=', hashToken(id)).where('ended_at', 'is', null).execute();
  }

  /** Ends every live session of the account except `keep` (the one changing its password); returns how many. */
  async endAllFor(userId: string, keep?: string): Promise<number> {
    let q = this.db.updateTable('sessions').set({ ended_at: nowIso() }).where('user_id', '=', userId).where('ended_at', 'is', null);
    if (keep) q = q.where('id_sha256', '!=', hashToken(keep));
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  async liveCount(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', nowIso())
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
