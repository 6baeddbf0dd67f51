/**
 * Who is calling. Three ways in, checked in this order:
 * - `Authorization: Bearer <token>`: scripts, docks and other machines (named tokens, see /me/tokens);
 *   a header that is present but wrong is refused, never passed on to the cookie.
 * - `?access_token=<token>` on GET, for scripts that cannot set a header (scrubbed from the request log).
 * - the `dy_session` cookie the sign-in sets: the map UI. It is HttpOnly, so no script in the page reads
 *   it, and SameSite=Strict; state-changing requests made with it also pass the Origin check (csrf.ts).
 * What each caller may do is decided afterwards, by the route matrix (access/route-access.ts).
 */
import type { NextFunction, Request, Response } from 'express';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import { AppError } from '../core/errors.ts';
import type { User } from '../core/db/repositories/users.repository.ts';
import type { Services } from '../core/services.ts';

export const SESSION_COOKIE = 'dy_session';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
    /** How the caller authenticated; `sessionId` is the cookie's value (for sign-out). */
    auth?: { via: 'token' } | { via: 'session'; sessionId: string };
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'sign in, or send a valid bearer token') {
    super(401, 'unauthorized', message);
  }
}

export function sessionCookie(req: Request, value: string, expiresAt: Date): string {
  return serializeCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: expiresAt });
}

export function clearedSessionCookie(req: Request): string {
  return serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: new Date(0) });
}

/** Sets req.user when the request carries valid credentials; leaves it unset when it carries none. */
export function authenticate(s: Pick<Services, 'users' | 'sessions'>) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    const fromQuery = req.method === 'GET' && typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
    if (header !== undefined || fromQuery !== undefined) {
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : header === undefined ? fromQuery : undefined;
      if (!token) return next(new UnauthorizedError('the Authorization header must be "Bearer <token>"'));
      const user = await s.users.byToken(token);
      if (!user) return next(new UnauthorizedError('the token is not valid (unknown, revoked, or its account disabled)'));
      req.user = user;
      req.auth = { via: 'token' };
      return next();
    }
    const sessionId = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    if (sessionId) {
      const user = await s.sessions.user(sessionId);
      if (user) {
        req.user = user;
        req.auth = { via: 'session', sessionId };
      } else {
        // Expired or ended: drop the stale cookie so the browser stops sending it.
        res.append('Set-Cookie', clearedSessionCookie(req));
      }
    }
    next();
  };
}

/** The authenticated user (routes the matrix does not mark public only). */
export function currentUser(req: Request): User {
  if (!req.user) throw new UnauthorizedError();
  return req.user;
}
