/**
 * Accounts, their named bearer tokens (stored as SHA-256, never in clear) and their passwords (scrypt
 * hashes, see core/auth/password.ts). A disabled account's tokens and sessions stop working at once.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Role } from '../../domain.ts';
import { nowIso } from '../json.ts';
import type { Database } from '../schema.ts';

export interface User {
  id: string;
  name: string;
  role: Role;
  departmentId: string | null;
  /** Dock accounts only: the dock they upload for (null: not bound). */
  dockId: string | null;
  mustChangePassword: boolean;
}

export interface Account extends User {
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newSecret = (): string => randomBytes(32).toString('base64url');

type UserRow = Selectable<Database['users']>;
const toUser = (row: Pick<UserRow, 'id' | 'name' | 'role' | 'department_id' | 'dock_id' | 'must_change_password'>): User => ({
  id: row.id,
  name: row.name,
  role: row.role as Role,
  departmentId: row.department_id,
  dockId: row.dock_id,
  mustChangePassword: Number(row.must_change_password) === 1,
});
const toAccount = (row: UserRow): Account => ({ ...toUser(row), disabled: row.disabled_at !== null, hasPassword: row.password_hash !== null, createdAt: row.created_at });
const toToken = (row: Database['api_tokens']): ApiToken => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  createdAt: row.created_at,
  createdBy: row.created_by,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

/** last_used_at is written at most this often, so a busy script does not turn every read into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The active account a live (not revoked) token belongs to. */
  async byToken(token: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['users.id', 'users.name', 'users.role', 'users.department_id', 'users.dock_id', 'users.must_change_password', 'api_tokens.id as token_id', 'api_tokens.last_used_at'])
      .where('api_tokens.token_sha256', '=', hashToken(token))
      .where('api_tokens.revoked_at', 'is', null)
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    const now = new Date();
    if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > LAST_USED_RESOLUTION_MS) {
      await this.db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.token_id).execute();
    }
    return toUser(row);
  }

  async byId(id: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async account(id: string): Promise<Account | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toAccount(row) : null;
  }

  /** The account with this name (case-insensitive) and its password hash, for sign-in. */
  async forSignIn(name: string): Promise<{ user: User; passwordHash: string | null; disabled: boolean } | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
    return row ? { user: toUser(row), passwordHash: row.password_hash, disabled: row.disabled_at !== null } : null;
  }

  async list(): Promise<Account[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('name').execute()).map(toAccount);
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  /**
   * Creates an account. With `firstToken` (the default, as demo and test accounts need) it also makes a
   * bearer token named "first token" and returns it (shown once); people who sign in with a password
   * need none.
   */
  async create(input: {
    id?: string;
    name: string;
    role: Role;
    departmentId?: string | null;
    dockId?: string | null;
    passwordHash?: string | null;
    mustChangePassword?: boolean;
    firstToken?: boolean;
    createdBy?: string | null;
  }): Promise<{ user: User; token: string }> {
    const id = input.id ?? randomUUID();
    await this.db
      .insertInto('users')
      .values({
        id,
        name: input.name,
        role: input.role,
        department_id: input.departmentId ?? null,
        dock_id: input.dockId ?? null,
        token_sha256: `unused:${id}`,
        password_hash: input.passwordHash ?? null,
        must_change_password: input.mustChangePassword ? 1 : 0,
        disabled_at: null,
        created_at: nowIso(),
      })
      .execute();
    const token = input.firstToken === false ? '' : (await this.createToken(id, 'first token', input.createdBy ?? null)).token;
    const user = (await this.byId(id))!;
    return { user, token };
  }

  async update(id: string, patch: { name?: string; role?: Role; departmentId?: string | null; dockId?: string | null; disabled?: boolean }): Promise<Account | null> {
    const set: Updateable<Database['users']> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.departmentId !== undefined) set.department_id = patch.departmentId;
    if (patch.dockId !== undefined) set.dock_id = patch.dockId;
    if (patch.disabled !== undefined) set.disabled_at = patch.disabled ? nowIso() : null;
    if (Object.keys(set).length > 0) await this.db.updateTable('users').set(set).where('id', '=', id).execute();
    return this.account(id);
  }

  async setPassword(id: string, passwordHash: string, mustChange: boolean): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 }).where('id', '=', id).execute();
  }

  /** The machine account of a dock (made with its first key), or null. */
  async dockAccount(dockId: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('role', '=', 'dock').where('dock_id', '=', dockId).orderBy('created_at').executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Active admin accounts that can sign in (a password) or act (a live token). */
  async activeAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A new named bearer token for the account; the token itself is returned once and stored only hashed. */
  async createToken(userId: string, name: string, createdBy: string | null): Promise<{ token: string; record: ApiToken }> {
    const token = newSecret();
    const row = { id: randomUUID(), user_id: userId, name, token_sha256: hashToken(token), created_at: nowIso(), created_by: createdBy, last_used_at: null, revoked_at: null };
    await this.db.insertInto('api_tokens').values(row).execute();
    return { token, record: toToken(row) };
  }

  async tokens(userId: string): Promise<ApiToken[]> {
    return (await this.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()).map(toToken);
  }

  /** Revokes one token of the account; false when it has no such live token. */
  async revokeToken(userId: string, tokenId: string): Promise<boolean> {
    const result = await this.db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('id', '=', tokenId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
