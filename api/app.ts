/**
 * The Express app factory (no listen): middleware, the versioned API, the map UI, one error handler.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Services } from '../core/services.ts';
import { authenticate } from './auth.ts';
import { enforceAccess } from './access/enforce-access.ts';
import { sameOrigin } from './access/same-origin.ts';
import { limitAuthFailures } from './rate-limits.ts';
import { errorHandler, notFound } from './error-handler.ts';
import { openApiDocument } from './openapi/registry.ts';
import { apiRoutes } from './routes/index.ts';
import { healthRouter } from './routes/health.routes.ts';
import { publicRouter } from './routes/public.routes.ts';
import { requestLog } from './request-log.ts';
import { flighthubRouter } from './routes/flighthub.routes.ts';
import { httpMetrics, metricsRouter } from './metrics.routes.ts';

const UI_DIR = path.resolve(import.meta.dirname, '../map-ui/dist');

export function createApp(s: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Map tiles come from a configurable server; photos and blobs from this one.
          'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(requestLog(s.log));
  app.use(httpMetrics);
  // Before the general body parser: FlightHub notifications have their own size cap and key check.
  // (It passes the same gate as every other route, below.)
  app.use('/api/v1/flighthub', flighthubRouter(s, accessGate(s)));
  app.use(express.json({ limit: s.config.JSON_BODY_MAX_BYTES }));

  app.use(healthRouter(s));
  app.use(metricsRouter(s));
  app.get('/api/v1/openapi.json', (_req, res) => res.json(openApiDocument()));
  app.use('/api/v1', publicRouter(s));
  // Who is calling (failed attempts counted per address), then the Origin check for cookie sessions, then
  // the route matrix: all before any handler.
  app.use('/api/v1', accessGate(s), apiRoutes(s));
  app.use('/api', notFound);

  if (existsSync(UI_DIR)) {
    app.use(express.static(UI_DIR, { index: 'index.html', maxAge: '1h' }));
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('The map UI is not built. Run `npm run build:ui` (npm start does it) and reload.');
    });
  }
  app.use(notFound);
  app.use(errorHandler(s.log.child({ component: 'http' }), [s.config.DATA_DIR, s.config.MODELS_DIR]));
  return app;
}

/**
 * Who is calling (each bad credential counted against the address; no credentials is anonymous, not a
 * failure), then the Origin check for cookie sessions, then the route matrix.
 */
function accessGate(s: Services): express.Router {
  return express.Router().use(limitAuthFailures(s, authenticate(s)), sameOrigin(s.config.PUBLIC_URL), enforceAccess());
}
