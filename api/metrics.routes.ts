/** GET /metrics for Prometheus, and the middleware timing every request by its route pattern. */
import type { RequestHandler } from 'express';
import { Router } from 'express';
import { httpDuration, metrics, registerQueueDepths } from '../core/metrics.ts';
import type { Services } from '../core/services.ts';

/** Times each request; the label is the matched route pattern (ids would make a series per case). */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.once('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path;
    end({ method: req.method, route: route ? `${req.baseUrl}${route}` : req.path.startsWith('/api') ? 'unmatched' : 'static', status: String(res.statusCode) });
  });
  next();
};

export function metricsRouter(s: Services): Router {
  registerQueueDepths(s.jobs);
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  return router;
}
