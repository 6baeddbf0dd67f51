/**
 * The one place roles are enforced: finds the request's entry in ROUTE_ACCESS and lets it through, or
 * answers 401 (no valid credentials), 403 (a role the route does not allow, or a one-time password not
 * yet changed) or 404 (no entry: a route nobody listed is reachable by nobody).
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError, ForbiddenError } from '../../core/errors.ts';
import { UnauthorizedError } from '../auth.ts';
import { ROUTE_ACCESS, roleAllowed, type RouteAccess } from './route-access.ts';

interface CompiledRoute {
  entry: RouteAccess;
  pattern: RegExp;
}

/** `/cases/:id/evidence.zip` -> /^\/cases\/[^/]+\/evidence\.zip\/?$/ (express's own matching for these plain paths). */
export function compilePath(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`, 'i');
}

const COMPILED: CompiledRoute[] = ROUTE_ACCESS.map((entry) => ({ entry, pattern: compilePath(entry.path) }));

/** The matrix entry for a method and full path (HEAD is a GET), or undefined. */
export function accessFor(method: string, fullPath: string): RouteAccess | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  return COMPILED.find((c) => c.entry.method === m && c.pattern.test(fullPath))?.entry;
}

export function enforceAccess() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const entry = accessFor(req.method, `${req.baseUrl}${req.path}`);
    if (!entry) {
      res.status(404).json({ error: { code: 'not_found', message: `no route ${req.method} ${req.baseUrl}${req.path}` } });
      return;
    }
    if (entry.roles === 'public' || entry.roles === 'signed-link') return next();
    const user = req.user;
    if (!user) return next(new UnauthorizedError());
    if (user.mustChangePassword && !entry.duringPasswordChange) {
      return next(new AppError(403, 'password_change_required', 'change the one-time password first (POST /api/v1/auth/password)'));
    }
    if (!roleAllowed(entry.roles, user.role)) {
      return next(new ForbiddenError(`role ${user.role} may not ${req.method} ${entry.path} (needs ${Array.isArray(entry.roles) ? entry.roles.join(' or ') : String(entry.roles)})`));
    }
    next();
  };
}
