/**
 * Bearer-token authentication and role checks. EventSource, <img> and download links cannot send
 * headers, so GET requests may also carry the token as `?access_token=`.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError, ForbiddenError } from '../core/errors.ts';
import type { Role } from '../core/domain.ts';
import type { User, UsersRepository } from '../core/db/repositories/users.repository.ts';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'a valid bearer token is required') {
    super(401, 'unauthorized', message);
  }
}

export function authenticate(users: UsersRepository) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    const fromQuery = req.method === 'GET' && typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : fromQuery;
    if (!token) return next(new UnauthorizedError());
    const user = await users.byToken(token);
    if (!user) return next(new UnauthorizedError('the token is not valid'));
    req.user = user;
    next();
  };
}

/** The authenticated user (routes behind `authenticate` only). */
export function currentUser(req: Request): User {
  if (!req.user) throw new UnauthorizedError();
  return req.user;
}

/** Lets the listed roles through (admin always); others get 403. */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const user = currentUser(req);
    if (user.role === 'admin' || roles.includes(user.role)) return next();
    next(new ForbiddenError(`role ${user.role} may not do this (needs ${roles.join(' or ')})`));
  };
}
