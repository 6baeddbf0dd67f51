/** What the map needs before anyone logs in: the basemap settings. */
import { Router } from 'express';
import type { Services } from '../../core/services.ts';

export function publicRouter(s: Services): Router {
  const router = Router();
  router.get('/ui-config', (_req, res) => {
    res.json({
      basemap: {
        url: s.config.BASEMAP_URL,
        attribution: s.config.BASEMAP_ATTRIBUTION,
        subdomains: s.config.BASEMAP_URL.includes('{s}') ? (s.config.BASEMAP_URL.includes('tianditu') ? ['t0', 't1', 't2', 't3'] : ['a', 'b', 'c']) : undefined,
        gcj02: s.config.BASEMAP_GCJ02,
        maxZoom: 19,
      },
      offline: s.config.BASEMAP_OFFLINE,
      defaultCenter: [37.6, 118.7],
      defaultZoom: 9,
    });
  });
  return router;
}
