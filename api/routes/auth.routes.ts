/**
 * Signing in and out, changing one's password, and one's own bearer tokens. Sign-in takes a name and
 * password (or, for scripts and the token form of the sign-in page, a bearer token) and answers with the
 * session cookie; the session id itself never reaches page scripts.
 */
import { Router, type Request } from 'express';
import { decoyHash, hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from '../../core/auth/password.ts';
import { SignInBackoff } from '../../core/auth/sign-in-backoff.ts';
import { AppError, BadInputError, NotFoundError } from '../../core/errors.ts';
import type { User } from '../../core/db/repositories/users.repository.ts';
import type { Services } from '../../core/services.ts';
import { clearedSessionCookie, currentUser, sessionCookie, UnauthorizedError } from '../auth.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';

export const SignInSchema = registry.register(
  'SignIn',
  z.union([
    z.object({ name: z.string().trim().min(1).max(200), password: z.string().min(1).max(1000) }).strict(),
    z.object({ token: z.string().trim().min(1).max(500) }).strict(),
  ]),
);
export const PasswordSchema = (min = PASSWORD_MIN_LENGTH) => z.string().min(min, `at least ${min} characters`).max(200);
export const ChangePasswordSchema = registry.register('ChangePassword', z.object({ currentPassword: z.string().max(1000).optional(), newPassword: PasswordSchema() }).strict());
export const TokenRequestSchema = registry.register('TokenRequest', z.object({ name: z.string().trim().min(1).max(100) }).strict());

registry.registerPath({ method: 'post', path: '/api/v1/auth/session', request: { body: { content: { 'application/json': { schema: SignInSchema } } } }, responses: { 200: { description: 'signed in; the session is in the HttpOnly cookie dy_session' }, ...errorResponses(400, 401, 403, 429) } });
registry.registerPath({ method: 'delete', path: '/api/v1/auth/session', responses: { 204: { description: 'signed out' }, ...errorResponses(401, 403) } });
registry.registerPath({ method: 'post', path: '/api/v1/auth/password', request: { body: { content: { 'application/json': { schema: ChangePasswordSchema } } } }, responses: { 204: { description: 'changed; other sessions ended' }, ...errorResponses(400, 401, 403) } });
registry.registerPath({ method: 'get', path: '/api/v1/me', responses: { 200: { description: 'the signed-in account' }, ...errorResponses(401) } });
registry.registerPath({ method: 'get', path: '/api/v1/me/tokens', responses: { 200: { description: "the caller's named tokens (never the tokens themselves)" }, ...errorResponses(401, 403) } });
registry.registerPath({ method: 'post', path: '/api/v1/me/tokens', request: { body: { content: { 'application/json': { schema: TokenRequestSchema } } } }, responses: { 201: { description: 'the new token, shown once' }, ...errorResponses(400, 401, 403) } });
registry.registerPath({ method: 'delete', path: '/api/v1/me/tokens/{tokenId}', request: { params: z.object({ tokenId: z.string() }) }, responses: { 204: { description: 'revoked' }, ...errorResponses(401, 403, 404) } });

const WRONG = 'the name or password is wrong';

/** The address failures are counted against (behind a trusted proxy, the client's). */
const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export function authRouter(s: Services): Router {
  const router = Router();
  const backoff = new SignInBackoff(s.redis, s.config.QUEUE_PREFIX, { accountMaxFailures: s.config.SIGNIN_MAX_FAILURES, addressMaxFailures: s.config.SIGNIN_IP_MAX_FAILURES });
  const ttlMs = s.config.SESSION_TTL_HOURS * 3_600_000;

  router.post('/auth/session', async (req, res) => {
    const body = SignInSchema.parse(req.body);
    const address = clientAddress(req);
    // A wrong token counts against the address only: a per-token count would not slow a guesser down.
    const account = 'token' in body ? `token@${address}` : body.name;
    const wait = await backoff.retryAfterMs(account, address);
    if (wait > 0) {
      res.set('Retry-After', String(Math.ceil(wait / 1000)));
      throw new AppError(429, 'too_many_failures', `too many failed sign-ins: try again in ${Math.ceil(wait / 1000)} s`);
    }
    let user: User | null = null;
    if ('token' in body) {
      user = await s.users.byToken(body.token);
    } else {
      const found = await s.users.forSignIn(body.name);
      // An unknown name is checked against a decoy hash so it takes as long as a wrong password.
      const ok = await verifyPassword(body.password, found?.passwordHash ?? (await decoyHash()));
      if (ok && found && found.passwordHash && !found.disabled) user = found.user;
    }
    if (!user) {
      await backoff.failed(account, address);
      throw new UnauthorizedError('token' in body ? 'the token is not valid' : WRONG);
    }
    await backoff.succeeded(account);
    const session = await s.sessions.start(user.id, ttlMs, { ip: address, userAgent: req.get('user-agent') ?? null });
    s.log.info({ userId: user.id, via: 'token' in body ? 'token' : 'password' }, 'signed in');
    res.set('Cache-Control', 'no-store').append('Set-Cookie', sessionCookie(req, session.id, session.expiresAt));
    res.json({ user, expiresAt: session.expiresAt.toISOString() });
  });

  router.delete('/auth/session', async (req, res) => {
    if (req.auth?.via === 'session') await s.sessions.end(req.auth.sessionId);
    res.append('Set-Cookie', clearedSessionCookie(req)).status(204).end();
  });

  router.post('/auth/password', async (req, res) => {
    const user = currentUser(req);
    const body = ChangePasswordSchema.parse(req.body);
    const found = await s.users.forSignIn(user.name);
    if (found?.passwordHash) {
      if (!body.currentPassword || !(await verifyPassword(body.currentPassword, found.passwordHash))) throw new BadInputError('wrong_password', 'the current password is wrong', undefined, 403);
      if (body.currentPassword === body.newPassword) throw new BadInputError('same_password', 'the new password must differ from the current one');
    }
    if (body.newPassword.toLowerCase().includes(user.name.toLowerCase())) throw new BadInputError('weak_password', 'the password must not contain the account name');
    await s.users.setPassword(user.id, await hashPassword(body.newPassword), false);
    // Whoever else holds a session of this account (a lost laptop, the old password's guesser) is out.
    const ended = await s.sessions.endAllFor(user.id, req.auth?.via === 'session' ? req.auth.sessionId : undefined);
    s.log.info({ userId: user.id, endedSessions: ended }, 'password changed');
    res.status(204).end();
  });

  router.get('/me', (req, res) => {
    res.json(currentUser(req));
  });

  router.get('/me/tokens', async (req, res) => {
    res.json({ tokens: await s.users.tokens(currentUser(req).id) });
  });

  router.post('/me/tokens', async (req, res) => {
    const user = currentUser(req);
    const { name } = TokenRequestSchema.parse(req.body);
    const { token, record } = await s.users.createToken(user.id, name, user.id);
    res.status(201).set('Cache-Control', 'no-store').json({ ...record, token });
  });

  router.delete('/me/tokens/:tokenId', async (req, res) => {
    const tokenId = String(req.params.tokenId);
    if (!(await s.users.revokeToken(currentUser(req).id, tokenId))) throw new NotFoundError('live token', tokenId);
    res.status(204).end();
  });

  return router;
}
