/** What needs no login: the basemap settings for the login page, and alert photos by signed link. */
import { Router } from 'express';
import { AppError, NotFoundError } from '../../core/errors.ts';
import { checkSignedPath, signedPhotoPath } from '../../core/pipeline/alerts/signed-link.ts';
import { linkSecret } from '../../core/security/link-secret.ts';
import type { Services } from '../../core/services.ts';
import { idOf } from '../params.ts';
import { sendAnnotated } from '../views/annotated-photo.ts';

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
      // Tianditu keys are browser keys (bound to the site's domain), so the page may have it.
      ...(s.config.TIANDITU_KEY ? { tiandituKey: s.config.TIANDITU_KEY } : {}),
      defaultCenter: [37.6, 118.7],
      defaultZoom: 9,
    });
  });
  router.get('/signed/images/:id/annotated', async (req, res) => {
    const id = idOf(req);
    const refused = checkSignedPath(signedPhotoPath(id), req.query.exp, req.query.sig, linkSecret(s.config), new Date());
    if (refused) throw new AppError(403, `link_${refused}`, refused === 'expired' ? 'this photo link has expired; open the case in the platform' : 'this photo link is not valid');
    const image = await s.images.get(id);
    if (!image) throw new NotFoundError('image', id);
    await sendAnnotated(s, res, image);
  });
  return router;
}
