/** Checks the whole audit trail: chain, MACs under the audit key, the heads kept outside the database, case states. */
import { Router } from 'express';
import type { Services } from '../../core/services.ts';
import { errorResponses, registry } from '../openapi/registry.ts';

registry.registerPath({
  method: 'get',
  path: '/api/v1/audit/verify',
  responses: { 200: { description: '{ok, count, headHash, problems: [], witnesses, casesChecked}; when not ok also brokenAt (first broken entry) and reason' }, ...errorResponses(401, 403) },
});

export function auditRouter(s: Services): Router {
  const router = Router();
  router.get('/audit/verify', async (_req, res) => {
    res.json(await s.audit.verify(s.cases));
  });
  return router;
}
