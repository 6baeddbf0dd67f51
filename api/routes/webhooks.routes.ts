/** Webhook targets (admin): per department and minimum severity; generic JSON, DingTalk or WeCom robots. */
import { Router } from 'express';
import { SEVERITIES } from '../../core/domain.ts';
import { NotFoundError } from '../../core/errors.ts';
import { assertWebhookTarget } from '../../core/net/webhook-client.ts';
import type { Services } from '../../core/services.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { idOf } from '../params.ts';
import { text } from '../text-fields.ts';

export const WebhookSchema = registry.register(
  'Webhook',
  z.object({
    url: text.url(),
    format: z.enum(['json', 'dingtalk', 'wecom']).default('json'),
    departmentId: text.id().nullable().default(null),
    minSeverity: z.enum(SEVERITIES).default('high'),
    secret: text.secret().min(8).nullable().default(null),
  }),
);
registry.registerPath({ method: 'post', path: '/api/v1/webhooks', request: { body: { content: { 'application/json': { schema: WebhookSchema } } } }, responses: { 201: { description: 'created' }, ...errorResponses(400, 401, 403) } });

/**
 * The URL as shown back: robot URLs carry their access token in the query (WeCom's key is its only
 * secret), so query values are never returned, only their names.
 */
function withoutQueryValues(url: string): string {
  const u = new URL(url);
  for (const key of [...u.searchParams.keys()]) u.searchParams.set(key, '…');
  return u.toString();
}

export function webhooksRouter(s: Services): Router {
  const router = Router();
  router.get('/webhooks', async (_req, res) => {
    res.json({ webhooks: (await s.webhooks.list()).map(({ secret, ...w }) => ({ ...w, url: withoutQueryValues(w.url), signed: secret !== null })) });
  });
  router.post('/webhooks', async (req, res) => {
    const input = WebhookSchema.parse(req.body);
    // Checked again before every send: what a name resolves to can change.
    await assertWebhookTarget(input.url, s.config.WEBHOOK_ALLOW_PRIVATE);
    const { secret, ...hook } = await s.webhooks.create(input);
    res.status(201).json({ ...hook, url: withoutQueryValues(hook.url), signed: secret !== null });
  });
  router.delete('/webhooks/:id', async (req, res) => {
    if (!(await s.webhooks.remove(idOf(req)))) throw new NotFoundError('webhook', idOf(req));
    res.status(204).end();
  });
  return router;
}
