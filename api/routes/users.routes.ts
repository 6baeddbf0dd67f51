/**
 * Accounts (admin): create with a one-time password the person must change at first sign-in, change role,
 * department or dock, disable, reset the password, end the sessions, and manage the account's tokens.
 * Passwords and tokens are never returned, except a new one once, in the reply that made it.
 */
import { Router } from 'express';
import { hashPassword, oneTimePassword } from '../../core/auth/password.ts';
import { ROLES } from '../../core/domain.ts';
import { BadInputError, ConflictError, NotFoundError } from '../../core/errors.ts';
import type { Account } from '../../core/db/repositories/users.repository.ts';
import type { Services } from '../../core/services.ts';
import { currentUser } from '../auth.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { idOf } from '../params.ts';
import { TokenRequestSchema } from './auth.routes.ts';

const Name = z.string().trim().min(1).max(100).regex(/^[^\s].*$/u);
export const CreateUserSchema = registry.register(
  'CreateUser',
  z.object({ name: Name, role: z.enum(ROLES), departmentId: z.string().max(100).nullable().optional(), dockId: z.string().max(100).nullable().optional() }).strict(),
);
export const UpdateUserSchema = registry.register(
  'UpdateUser',
  z.object({ name: Name.optional(), role: z.enum(ROLES).optional(), departmentId: z.string().max(100).nullable().optional(), dockId: z.string().max(100).nullable().optional(), disabled: z.boolean().optional() }).strict(),
);
const UserParams = z.object({ id: z.string() });

registry.registerPath({ method: 'get', path: '/api/v1/users', responses: { 200: { description: 'accounts (no passwords, no tokens)' }, ...errorResponses(401, 403) } });
registry.registerPath({ method: 'post', path: '/api/v1/users', request: { body: { content: { 'application/json': { schema: CreateUserSchema } } } }, responses: { 201: { description: 'the account and its one-time password (shown once)' }, ...errorResponses(400, 401, 403, 409) } });
registry.registerPath({ method: 'get', path: '/api/v1/users/{id}', request: { params: UserParams }, responses: { 200: { description: 'one account with its live session count' }, ...errorResponses(401, 403, 404) } });
registry.registerPath({ method: 'patch', path: '/api/v1/users/{id}', request: { params: UserParams, body: { content: { 'application/json': { schema: UpdateUserSchema } } } }, responses: { 200: { description: 'updated' }, ...errorResponses(400, 401, 403, 404, 409) } });
registry.registerPath({ method: 'post', path: '/api/v1/users/{id}/password-reset', request: { params: UserParams }, responses: { 200: { description: 'a new one-time password (shown once); sessions ended' }, ...errorResponses(401, 403, 404) } });
registry.registerPath({ method: 'delete', path: '/api/v1/users/{id}/sessions', request: { params: UserParams }, responses: { 200: { description: '{ended}' }, ...errorResponses(401, 403, 404) } });
registry.registerPath({ method: 'get', path: '/api/v1/users/{id}/tokens', request: { params: UserParams }, responses: { 200: { description: 'named tokens' }, ...errorResponses(401, 403, 404) } });
registry.registerPath({ method: 'post', path: '/api/v1/users/{id}/tokens', request: { params: UserParams, body: { content: { 'application/json': { schema: TokenRequestSchema } } } }, responses: { 201: { description: 'the new token, shown once' }, ...errorResponses(400, 401, 403, 404) } });
registry.registerPath({ method: 'delete', path: '/api/v1/users/{id}/tokens/{tokenId}', request: { params: z.object({ id: z.string(), tokenId: z.string() }) }, responses: { 204: { description: 'revoked' }, ...errorResponses(401, 403, 404) } });

export function usersRouter(s: Services): Router {
  const router = Router();

  const accountOr404 = async (id: string): Promise<Account> => {
    const account = await s.users.account(id);
    if (!account) throw new NotFoundError('user', id);
    return account;
  };

  const checkReferences = async (body: { departmentId?: string | null; dockId?: string | null }) => {
    if (body.departmentId && !(await s.geo.departments()).some((d) => d.id === body.departmentId)) throw new BadInputError('unknown_department', `no department ${body.departmentId}`);
    if (body.dockId && !(await s.geo.docks()).some((d) => d.id === body.dockId)) throw new BadInputError('unknown_dock', `no dock ${body.dockId}`);
  };

  router.get('/users', async (_req, res) => {
    res.json({ users: await s.users.list() });
  });

  router.post('/users', async (req, res) => {
    const body = CreateUserSchema.parse(req.body);
    await checkReferences(body);
    if (await s.users.nameTaken(body.name)) throw new ConflictError('name_taken', `an account named ${body.name} exists`);
    // Machines (docks) get keys, not passwords: see POST /docks/:id/keys.
    const password = body.role === 'dock' ? null : oneTimePassword();
    const { user } = await s.users.create({ ...body, passwordHash: password ? await hashPassword(password) : null, mustChangePassword: password !== null, firstToken: false, createdBy: currentUser(req).id });
    res.status(201).set('Cache-Control', 'no-store').json({ user: await s.users.account(user.id), ...(password ? { oneTimePassword: password } : {}) });
  });

  router.get('/users/:id', async (req, res) => {
    const account = await accountOr404(idOf(req));
    res.json({ ...account, liveSessions: await s.sessions.liveCount(account.id) });
  });

  router.patch('/users/:id', async (req, res) => {
    const account = await accountOr404(idOf(req));
    const body = UpdateUserSchema.parse(req.body);
    await checkReferences(body);
    if (body.name && (await s.users.nameTaken(body.name, account.id))) throw new ConflictError('name_taken', `an account named ${body.name} exists`);
    const losesAdmin = account.role === 'admin' && !account.disabled && ((body.role !== undefined && body.role !== 'admin') || body.disabled === true);
    if (losesAdmin && (await s.users.activeAdmins()) <= 1) throw new ConflictError('last_admin', 'this is the last active admin: make another admin first');
    const updated = await s.users.update(account.id, body);
    if (body.disabled === true || (body.role !== undefined && body.role !== account.role)) await s.sessions.endAllFor(account.id);
    res.json(updated);
  });

  router.post('/users/:id/password-reset', async (req, res) => {
    const account = await accountOr404(idOf(req));
    if (account.role === 'dock') throw new BadInputError('no_password', 'dock accounts sign in with keys, not passwords');
    const password = oneTimePassword();
    await s.users.setPassword(account.id, await hashPassword(password), true);
    const ended = await s.sessions.endAllFor(account.id);
    res.set('Cache-Control', 'no-store').json({ oneTimePassword: password, endedSessions: ended });
  });

  router.delete('/users/:id/sessions', async (req, res) => {
    const account = await accountOr404(idOf(req));
    res.json({ ended: await s.sessions.endAllFor(account.id) });
  });

  router.get('/users/:id/tokens', async (req, res) => {
    const account = await accountOr404(idOf(req));
    res.json({ tokens: await s.users.tokens(account.id) });
  });

  router.post('/users/:id/tokens', async (req, res) => {
    const account = await accountOr404(idOf(req));
    const { name } = TokenRequestSchema.parse(req.body);
    const { token, record } = await s.users.createToken(account.id, name, currentUser(req).id);
    res.status(201).set('Cache-Control', 'no-store').json({ ...record, token });
  });

  router.delete('/users/:id/tokens/:tokenId', async (req, res) => {
    const account = await accountOr404(idOf(req));
    const tokenId = String(req.params.tokenId);
    if (!(await s.users.revokeToken(account.id, tokenId))) throw new NotFoundError('live token', tokenId);
    res.status(204).end();
  });

  return router;
}
