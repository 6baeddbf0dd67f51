/**
 * CSRF protection for the cookie session: SameSite=Strict keeps the browser from sending the cookie on
 * requests another site starts, and this check refuses any state-changing request made with the cookie
 * whose Origin (or, lacking it, Referer) is not this server. Requests with a bearer token need neither
 * (a browser never adds one by itself). A sign-in from another origin is refused too (login CSRF).
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../core/errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return 'invalid';
  }
}

export function sameOrigin(publicUrl: string) {
  const configured = new URL(publicUrl).origin;
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE.has(req.method) || req.auth?.via === 'token') return next();
    const origin = originOf(req.get('origin')) ?? originOf(req.get('referer'));
    // With the cookie the origin must be shown; without credentials (the sign-in) only a foreign one is refused.
    if (origin === null && req.auth?.via !== 'session') return next();
    const own = `${req.protocol}://${req.get('host') ?? ''}`;
    if (origin === own || origin === configured) return next();
    next(new AppError(403, 'cross_origin', `a state-changing request with the session cookie must come from this site (Origin ${origin ?? 'missing'})`));
  };
}
