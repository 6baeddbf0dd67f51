/**
 * The one error handler: zod errors -> 400 with the field names; AppErrors -> their status; body-parser
 * errors -> their status; anything else -> 500 with a request id in the log and no stack in the reply.
 * No reply carries a server path: messages and details are scrubbed here, whatever raised them.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { redactPaths } from '../core/redact-paths.ts';
import { scrubUrl } from './request-log.ts';

/** Strings anywhere in a value, paths removed. */
function scrub(value: unknown, folders: readonly string[]): unknown {
  if (typeof value === 'string') return redactPaths(value, folders);
  if (Array.isArray(value)) return value.map((v) => scrub(v, folders));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, folders)]));
  return value;
}

/** @param privateFolders folders whose paths must never reach a client (the data and model folders). */
export function errorHandler(log: Logger, privateFolders: readonly string[] = []) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => json(scrub(body, privateFolders));
    reply(error, req, res, next);
  };

  function reply(error: unknown, req: Request, res: Response, _next: NextFunction): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof ZodError) {
      const fields = error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
      res.status(400).json({ error: { code: 'invalid_request', message: `invalid ${fields.map((f) => f.field || 'body').join(', ')}`, details: fields } });
      return;
    }
    if (error instanceof AppError) {
      // A part of ours is briefly away (Redis): tell clients when to try again.
      if (error.status === 503) res.set('Retry-After', '5');
      res.status(error.status).json({ error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } });
      return;
    }
    const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const { type, limit } = error as { type?: string; limit?: number };
      const message = type === 'entity.too.large' && limit ? `the request body is larger than the limit of ${limit} bytes (JSON_BODY_MAX_BYTES)` : (error as Error).message;
      res.status(status).json({ error: { code: type ?? 'bad_request', message } });
      return;
    }
    const requestId = randomUUID();
    log.error({ err: error, requestId, method: req.method, url: scrubUrl(req.originalUrl) }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: `internal error (request id ${requestId})` } });
  }
}

/** 404 for unknown API paths, in the same error shape. */
export function notFound(req: Request, res: Response): void {
  res.status(404).json({ error: { code: 'not_found', message: `no route ${req.method} ${req.path}` } });
}
