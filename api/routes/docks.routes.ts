/**
 * Docks and their keys. A dock key is a bearer token of the dock's machine account (made with its first
 * key), bound to that dock: it uploads only to the dock's missions. Admins create and revoke keys; the
 * key itself is shown once.
 */
import { Router } from 'express';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import type { Dock } from '../../core/db/repositories/geo.repository.ts';
import type { Services } from '../../core/services.ts';
import { currentUser } from '../auth.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { idOf } from '../params.ts';
import { TokenRequestSchema } from './auth.routes.ts';

export const DockSchema = registry.register(
  'Dock',
  z
    .object({
      id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ (at most 64)'),
      name: z.string().trim().min(1).max(200),
      lat: z.number().min(-90).max(90).nullable().default(null),
      lon: z.number().min(-180).max(180).nullable().default(null),
      droneModel: z.string().trim().max(100).nullable().default(null),
    })
    .strict(),
);
const DockPatch = DockSchema.omit({ id: true }).partial();
const DockParams = z.object({ id: z.string() });

registry.registerPath({ method: 'get', path: '/api/v1/docks', responses: { 200: { description: 'docks' }, ...errorResponses(401) } });
registry.registerPath({ method: 'post', path: '/api/v1/docks', request: { body: { content: { 'application/json': { schema: DockSchema } } } }, responses: { 201: { description: 'created' }, ...errorResponses(400, 401, 403, 409) } });
registry.registerPath({ method: 'patch', path: '/api/v1/docks/{id}', request: { params: DockParams }, responses: { 200: { description: 'updated' }, ...errorResponses(400, 401, 403, 404) } });
registry.registerPath({ method: 'delete', path: '/api/v1/docks/{id}', request: { params: DockParams }, responses: { 204: { description: 'removed' }, ...errorResponses(401, 403, 404, 409) } });
registry.registerPath({ method: 'get', path: '/api/v1/docks/{id}/keys', request: { params: DockParams }, responses: { 200: { description: 'the dock keys (never the keys themselves)' }, ...errorResponses(401, 403, 404) } });
registry.registerPath({ method: 'post', path: '/api/v1/docks/{id}/keys', request: { params: DockParams, body: { content: { 'application/json': { schema: TokenRequestSchema } } } }, responses: { 201: { description: 'the new key, shown once' }, ...errorResponses(400, 401, 403, 404) } });
registry.registerPath({ method: 'delete', path: '/api/v1/docks/{id}/keys/{keyId}', request: { params: z.object({ id: z.string(), keyId: z.string() }) }, responses: { 204: { description: 'revoked' }, ...errorResponses(401, 403, 404) } });

export function docksRouter(s: Services): Router {
  const router = Router();
  const dockOr404 = async (id: string): Promise<Dock> => {
    const dock = (await s.geo.docks()).find((d) => d.id === id);
    if (!dock) throw new NotFoundError('dock', id);
    return dock;
  };

  router.get('/docks', async (_req, res) => {
    res.json({ docks: await s.geo.docks() });
  });

  router.post('/docks', async (req, res) => {
    const body = DockSchema.parse(req.body);
    if ((await s.geo.docks()).some((d) => d.id === body.id)) throw new ConflictError('exists', `dock ${body.id} exists`);
    await s.geo.upsertDock(body);
    res.status(201).json(await dockOr404(body.id));
  });

  router.patch('/docks/:id', async (req, res) => {
    const dock = await dockOr404(idOf(req));
    await s.geo.upsertDock({ ...dock, ...DockPatch.parse(req.body) });
    res.json(await dockOr404(dock.id));
  });

  router.delete('/docks/:id', async (req, res) => {
    const { removed, usedBy } = await s.geo.removeDock(idOf(req));
    if (usedBy.length > 0) throw new ConflictError('in_use', `dock ${idOf(req)} is still referred to by ${usedBy.join(', ')}`);
    if (!removed) throw new NotFoundError('dock', idOf(req));
    res.status(204).end();
  });

  router.get('/docks/:id/keys', async (req, res) => {
    const dock = await dockOr404(idOf(req));
    const account = await s.users.dockAccount(dock.id);
    res.json({ keys: account ? await s.users.tokens(account.id) : [] });
  });

  router.post('/docks/:id/keys', async (req, res) => {
    const dock = await dockOr404(idOf(req));
    const { name } = TokenRequestSchema.parse(req.body);
    const admin = currentUser(req);
    const account =
      (await s.users.dockAccount(dock.id)) ??
      (await s.users.create({ id: `dock-account-${dock.id}`, name: `dock ${dock.id}`, role: 'dock', dockId: dock.id, firstToken: false, createdBy: admin.id })).user;
    const { token, record } = await s.users.createToken(account.id, name, admin.id);
    res.status(201).set('Cache-Control', 'no-store').json({ ...record, dockId: dock.id, key: token });
  });

  router.delete('/docks/:id/keys/:keyId', async (req, res) => {
    const dock = await dockOr404(idOf(req));
    const account = await s.users.dockAccount(dock.id);
    const keyId = String(req.params.keyId);
    if (!account || !(await s.users.revokeToken(account.id, keyId))) throw new NotFoundError('live key of this dock', keyId);
    res.status(204).end();
  });

  return router;
}
