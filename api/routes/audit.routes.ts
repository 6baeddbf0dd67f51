/** Walks the whole audit chain and names the first broken link. */
import { Router } from 'express';
import { verifyChain, type AuditEntry } from '../../core/pipeline/audit/audit-chain.ts';
import type { Services } from '../../core/services.ts';
import { errorResponses, registry } from '../openapi/registry.ts';

registry.registerPath({ method: 'get', path: '/api/v1/audit/verify', responses: { 200: { description: '{ok, count, headHash} or {ok:false, brokenAt, reason}' }, ...errorResponses(401, 403) } });

export function auditRouter(s: Services): Router {
  const router = Router();
  router.get('/audit/verify', async (_req, res) => {
    const entries: AuditEntry[] = [];
    for await (const page of s.cases.auditChain()) entries.push(...page);
    res.json(verifyChain(entries));
  });
  return router;
}
