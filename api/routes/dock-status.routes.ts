/** Docks as the bridge sees them, for operators' pages and the map: online, last seen, position, HMS alerts. */
import { Router } from 'express';
import type { Services } from '../../core/services.ts';
import { errorResponses, registry } from '../openapi/registry.ts';
import { dockView } from '../views/dock.view.ts';

registry.registerPath({ method: 'get', path: '/api/v1/dock-status', responses: { 200: { description: 'every dock with its online state, last message, position and current HMS alerts' }, ...errorResponses(401, 403) } });

export function dockStatusRouter(s: Services): Router {
  const router = Router();
  router.get('/dock-status', async (_req, res) => {
    const docks = await s.docks.list();
    res.json({ docks: docks.map((d) => dockView(d, s.config.DOCK_OFFLINE_AFTER_S)) });
  });
  return router;
}
