/**
 * The one error handler: zod errors -> 400 with the field names; AppErrors -> their status; body-parser
 * errors -> their status; anything else -> 500 with a request id in the log and no stack in the reply.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { scrubUrl } from './request-log.ts';

export function errorHandler(log: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
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
      res.status(status).json({ error: { code: (error as { type?: string }).type ?? 'bad_request', message: (error as Error).message } });
      return;
    }
    const requestId = randomUUID();
    log.error({ err: error, requestId, method: req.method, url: scrubUrl(req.originalUrl) }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: `internal error (request id ${requestId})` } });
  };
}

/** 404 for unknown API paths, in the same error shape. */
export function notFound(req: Request, res: Response): void {
  res.status(404).json({ error: { code: 'not_found', message: `no route ${req.method} ${req.path}` } });
}
