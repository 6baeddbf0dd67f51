/**
 * The HTTP request log. Access tokens never reach it: not the Authorization header, not the
 * `?access_token=` that <img> tags and downloads authenticate with (see auth.ts), not a cookie.
 * Logs are shipped and kept far longer than a token should live.
 */
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';

const REDACTED = '[redacted]';
const SECRET_HEADERS = ['authorization', 'cookie', 'x-api-key'];

/** A URL with any `access_token` query value replaced. Pure. */
export const scrubUrl = (url: string): string => url.replace(/([?&]access_token=)[^&#]*/gi, `$1${REDACTED}`);

/** Headers worth a log line; the rest (accept-*, sec-*, cache and cookie noise) only bloats every line. */
const LOGGED_HEADERS = ['user-agent', 'content-type', 'content-length', 'x-forwarded-for', 'x-request-id'];

/** A serialized request (pino's standard shape) with a few headers and without its secrets. Pure. */
export function scrubRequest<T extends { url?: string; query?: unknown; headers?: Record<string, unknown> }>(req: T): T {
  const headers =
    req.headers &&
    Object.fromEntries(
      Object.entries(req.headers)
        .filter(([k]) => LOGGED_HEADERS.includes(k.toLowerCase()) || SECRET_HEADERS.includes(k.toLowerCase()))
        .map(([k, v]) => [k, SECRET_HEADERS.includes(k.toLowerCase()) ? REDACTED : v]),
    );
  const url = req.url === undefined ? undefined : scrubUrl(req.url);
  const query = req.query && typeof req.query === 'object' && 'access_token' in req.query ? { ...req.query, access_token: REDACTED } : req.query;
  return { ...req, ...(headers ? { headers } : {}), ...(url !== undefined ? { url } : {}), ...(query !== undefined ? { query } : {}) };
}

/** The request-logging middleware (health checks and metric scrapes are not logged). */
export function requestLog(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log.child({ component: 'http' }),
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    serializers: { req: (req: Parameters<typeof scrubRequest>[0]) => scrubRequest(req), res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }) },
  });
}
