/** Webhook targets (admin): per department and minimum severity; generic JSON, DingTalk or WeCom robots. */
import { Router } from 'express';
import { SEVERITIES } from '../../core/domain.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Services } from '../../core/services.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { idOf } from '../params.ts';

export const WebhookSchema = registry.register(
  'Webhook',
  z.object({
    url: z.string().url(),
    format: z.enum(['json', 'dingtalk', 'wecom']).default('json'),
    departmentId: z.string().nullable().default(null),
    minSeverity: z.enum(SEVERITIES).default('high'),
    secret: z.string().min(8).nullable().default(null),
  }),
);
registry.registerPath({ method: 'post', path: '/api/v1/webhooks', request: { body: { content: { 'application/json': { schema: WebhookSchema } } } }, responses: { 201: { description: 'created' }, ...errorResponses(400, 401, 403) } });

export function webhooksRouter(s: Services): Router {
  const router = Router();
  router.get('/webhooks', async (_req, res) => {
    res.json({ webhooks: (await s.webhooks.list()).map(({ secret, ...w }) => ({ ...w, signed: secret !== null })) });
  });
  router.post('/webhooks', async (req, res) => {
    const { secret, ...hook } = await s.webhooks.create(WebhookSchema.parse(req.body));
    res.status(201).json({ ...hook, signed: secret !== null });
  });
  router.delete('/webhooks/:id', async (req, res) => {
    if (!(await s.webhooks.remove(idOf(req)))) throw new NotFoundError('webhook', idOf(req));
    res.status(204).end();
  });
  return router;
}
