/** Every authenticated resource under /api/v1, in one list so a newcomer sees the whole surface. */
import { Router } from 'express';
import type { Services } from '../../core/services.ts';
import { auditRouter } from './audit.routes.ts';
import { casesRouter } from './cases.routes.ts';
import { eventsRouter } from './events.routes.ts';
import { findingsRouter } from './findings.routes.ts';
import { geoRouter } from './geo.routes.ts';
import { imagesRouter } from './images.routes.ts';
import { missionsRouter } from './missions.routes.ts';
import { modelsRouter } from './models.routes.ts';
import { statsRouter } from './stats.routes.ts';
import { webhooksRouter } from './webhooks.routes.ts';
import { authRouter } from './auth.routes.ts';
import { usersRouter } from './users.routes.ts';
import { departmentsRouter } from './departments.routes.ts';
import { docksRouter } from './docks.routes.ts';

export function apiRoutes(s: Services): Router {
  const router = Router();
  router.use(authRouter(s));
  router.use('/missions', missionsRouter(s));
  router.use('/images', imagesRouter(s));
  router.use('/findings', findingsRouter(s));
  router.use('/cases', casesRouter(s));
  router.use(geoRouter(s));
  router.use(modelsRouter(s));
  router.use(statsRouter(s));
  router.use(auditRouter(s));
  router.use(eventsRouter(s));
  router.use(webhooksRouter(s));
  router.use(usersRouter(s));
  router.use(departmentsRouter(s));
  router.use(docksRouter(s));
  return router;
}
