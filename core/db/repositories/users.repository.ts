/** Accounts and their bearer tokens (stored as SHA-256, never in clear). */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../domain.ts';
import { nowIso } from '../json.ts';
import type { Database } from '../schema.ts';

export interface User {
  id: string;
  name: string;
  role: Role;
  departmentId: string | null;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async byToken(token: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('token_sha256', '=', hashToken(token)).executeTakeFirst();
    return row ? { id: row.id, name: row.name, role: row.role as Role, departmentId: row.department_id } : null;
  }

  async byId(id: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, name: row.name, role: row.role as Role, departmentId: row.department_id } : null;
  }

  /** People of a department who work cases (officers and managers): who a case may be assigned to. */
  async caseWorkers(departmentId: string | null): Promise<User[]> {
    let query = this.db.selectFrom('users').selectAll().where('role', 'in', ['officer', 'manager']);
    if (departmentId !== null) query = query.where('department_id', '=', departmentId);
    return (await query.orderBy('name').execute()).map((row) => ({ id: row.id, name: row.name, role: row.role as Role, departmentId: row.department_id }));
  }

  /** Creates an account and returns its token (shown once). */
  async create(input: { id?: string; name: string; role: Role; departmentId?: string | null }): Promise<{ user: User; token: string }> {
    const token = randomBytes(24).toString('base64url');
    const id = input.id ?? randomUUID();
    await this.db
      .insertInto('users')
      .values({ id, name: input.name, role: input.role, department_id: input.departmentId ?? null, token_sha256: hashToken(token), created_at: nowIso() })
      .execute();
    return { user: { id, name: input.name, role: input.role, departmentId: input.departmentId ?? null }, token };
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
