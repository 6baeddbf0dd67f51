/**
 * `npm run user -- <command>`: accounts from the command line, for the first admin of a fresh install
 * (before anyone can sign in) and for recovery. Works on the database of the configured DATA_DIR /
 * DATABASE_URL; needs no running server.
 *
 *   add <name> --role <role> [--department <id>] [--dock <id>]   prints a one-time password
 *   list
 *   reset-password <name>                                        prints a new one-time password
 *   disable <name>                                               ends its sessions; its tokens stop working
 *   enable <name>
 */
import { parseArgs } from 'node:util';
import { hashPassword, oneTimePassword } from '../core/auth/password.ts';
import { ConfigError, loadConfig } from '../core/config.ts';
import { migrate, openDatabase } from '../core/db/database.ts';
import { SessionsRepository } from '../core/db/repositories/sessions.repository.ts';
import { UsersRepository } from '../core/db/repositories/users.repository.ts';
import { GeoRepository } from '../core/db/repositories/geo.repository.ts';
import { ROLES, type Role } from '../core/domain.ts';

const USAGE = `usage: npm run user -- <command>
  add <name> --role <${ROLES.join('|')}> [--department <id>] [--dock <id>]
  list
  reset-password <name>
  disable <name>
  enable <name>`;

class UsageError extends Error {}

async function run(argv: string[]): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { role: { type: 'string' }, department: { type: 'string' }, dock: { type: 'string' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  const [command, name] = positionals;
  if (!command) throw new UsageError(USAGE);
  const config = loadConfig();
  const db = openDatabase(config.DATABASE_URL);
  try {
    await migrate(db);
    const users = new UsersRepository(db.kysely);
    const sessions = new SessionsRepository(db.kysely, users);
    const geo = new GeoRepository(db.kysely);
    const need = async () => {
      if (!name) throw new UsageError(`${command} needs a name\n${USAGE}`);
      const found = await users.forSignIn(name);
      if (!found) throw new UsageError(`no account named "${name}" (npm run user -- list)`);
      return found.user;
    };
    switch (command) {
      case 'add': {
        if (!name) throw new UsageError(`add needs a name\n${USAGE}`);
        const role = values.role as Role | undefined;
        if (!role || !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        if (await users.nameTaken(name)) throw new UsageError(`an account named "${name}" exists`);
        if (values.department && !(await geo.departments()).some((d) => d.id === values.department)) {
          throw new UsageError(`no department "${values.department}"; known: ${(await geo.departments()).map((d) => d.id).join(', ') || '(none)'}`);
        }
        if (values.dock && !(await geo.docks()).some((d) => d.id === values.dock)) throw new UsageError(`no dock "${values.dock}"`);
        if (role === 'dock') throw new UsageError('dock accounts get keys, not passwords: an admin makes one with POST /api/v1/docks/<id>/keys');
        const password = oneTimePassword();
        const { user } = await users.create({ name, role, departmentId: values.department ?? null, dockId: values.dock ?? null, passwordHash: await hashPassword(password), mustChangePassword: true, firstToken: false });
        return `created ${user.role} "${user.name}" (id ${user.id})\none-time password: ${password}\nIt is shown only now; the first sign-in asks for a new one.`;
      }
      case 'list': {
        const rows = await users.list();
        return rows.map((u) => [u.name, u.role, u.departmentId ?? '-', u.dockId ?? '-', u.disabled ? 'disabled' : 'active', u.hasPassword ? (u.mustChangePassword ? 'one-time password' : 'password') : 'tokens only'].join('\t')).join('\n') || '(no accounts)';
      }
      case 'reset-password': {
        const user = await need();
        const password = oneTimePassword();
        await users.setPassword(user.id, await hashPassword(password), true);
        const ended = await sessions.endAllFor(user.id);
        return `new one-time password for "${user.name}": ${password}\n${ended} session(s) ended.`;
      }
      case 'disable':
      case 'enable': {
        const user = await need();
        await users.update(user.id, { disabled: command === 'disable' });
        const ended = command === 'disable' ? await sessions.endAllFor(user.id) : 0;
        return `"${user.name}" ${command}d${command === 'disable' ? `; ${ended} session(s) ended, its tokens no longer work` : ''}.`;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).then(
  (out) => console.log(out),
  (error: unknown) => {
    console.error(error instanceof UsageError || error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  },
);
