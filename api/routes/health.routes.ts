/** Liveness with the parts named: 200 when the database and Redis answer, 503 naming the one that fails. */
import { sql } from 'kysely';
import { Router } from 'express';
import type { Services } from '../../core/services.ts';

export function healthRouter(s: Services): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const check = async (probe: () => Promise<unknown>): Promise<string> => {
      try {
        await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
        return 'ok';
      } catch (error) {
        return `error: ${(error as Error).message}`;
      }
    };
    const [db, redis] = await Promise.all([check(() => sql`select 1`.execute(s.db.kysely)), check(() => s.redis.ping())]);
    const ok = db === 'ok' && redis === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', db, redis });
  });
  return router;
}
