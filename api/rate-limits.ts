/**
 * Rate limits on what can be guessed or flooded: failed authentications and uploads (sign-in has its own
 * back-off per account and address, core/auth/sign-in-backoff.ts).
 * Counts live in Redis (rate-limit-redis), so several API processes share them; over a limit the answer
 * is 429 with Retry-After and a message naming the configuration key.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { AppError } from '../core/errors.ts';
import { whenRedisReady } from '../core/queue/redis-ready.ts';
import type { Services } from '../core/services.ts';
import { UnauthorizedError } from './auth.ts';

/**
 * rate-limit-redis loads its scripts once, when the limiter is made: on the API's fail-fast connection
 * that is often before Redis is ready, and a failed load broke the limiter for good (every request a
 * 500). This store waits a moment for the first connection, and loads the scripts again after a failure.
 */
class RedisCounts extends RedisStore {
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    super({ prefix, sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply> });
  }

  override async init(options: Options): Promise<void> {
    await whenRedisReady(this.redis, 5_000);
    return super.init(options);
  }

  override async increment(key: string) {
    try {
      return await super.increment(key);
    } catch {
      this.incrementScriptSha = this.loadIncrementScript();
      this.getScriptSha = this.loadGetScript();
      // With Redis away the reloads fail too: whoever awaits them gets the error (the limiter then lets the
      // request through, passOnStoreError), but a reload nobody awaits must not end the process as an
      // unhandled rejection (it took the API down during a Redis outage).
      this.incrementScriptSha.catch(() => undefined);
      this.getScriptSha.catch(() => undefined);
      return super.increment(key);
    }
  }
}

function limiter(s: Services, name: string, limit: number, limitKey: string, what: string, keyGenerator: Options['keyGenerator']): RequestHandler {
  const windowS = s.config.RATE_LIMIT_WINDOW_S;
  return rateLimit({
    windowMs: windowS * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator,
    store: new RedisCounts(s.redis, `${s.config.QUEUE_PREFIX}:rate:${name}:`),
    // Redis down: requests go through uncounted (logged) rather than fail; uploads are kept during an outage.
    passOnStoreError: true,
    handler: (_req, res, next) => {
      const retry = res.getHeader('Retry-After');
      next(new AppError(429, 'too_many_requests', `too many ${what}: at most ${limit} per ${windowS} s (${limitKey}, RATE_LIMIT_WINDOW_S); try again in ${String(retry ?? windowS)} s`));
    },
  });
}

const clientAddress = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

/** Upload requests per signed-in user (UPLOAD_LIMIT); mount after authentication. */
export function uploadRateLimit(s: Services): RequestHandler {
  return limiter(s, 'upload', s.config.UPLOAD_LIMIT, 'UPLOAD_LIMIT', 'upload requests', (req) => req.user?.id ?? clientAddress(req));
}

/**
 * Wraps authentication so that each failed attempt counts against the client address
 * (AUTH_FAILURE_LIMIT); past the limit a failed attempt gets 429 instead of 401. Valid credentials are
 * never counted (bearer tokens are 256-bit random and cannot be guessed; the failures are the signal).
 */
export function limitAuthFailures(s: Services, authenticate: RequestHandler): RequestHandler {
  const failures = limiter(s, 'auth-failure', s.config.AUTH_FAILURE_LIMIT, 'AUTH_FAILURE_LIMIT', 'failed authentications from this address', clientAddress);
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve(
      authenticate(req, res, (error?: unknown) => {
        if (!(error instanceof UnauthorizedError)) return next(error as Error | undefined);
        Promise.resolve(failures(req, res, (limitError?: unknown) => next(limitError ?? error))).catch(next);
      }),
    ).catch(next);
  };
}
