/** Departments (everyone reads; admins create, rename and remove one nothing refers to). */
import { Router } from 'express';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import type { Services } from '../../core/services.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { idOf } from '../params.ts';

const Text = z.string().trim().min(1).max(200);
export const DepartmentSchema = registry.register(
  'Department',
  z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ (at most 64)'), name: Text, nameEn: Text.nullable().default(null), district: Text.nullable().default(null) }).strict(),
);
const DepartmentPatch = DepartmentSchema.omit({ id: true }).partial();

registry.registerPath({ method: 'get', path: '/api/v1/departments', responses: { 200: { description: 'departments' }, ...errorResponses(401) } });
registry.registerPath({ method: 'post', path: '/api/v1/departments', request: { body: { content: { 'application/json': { schema: DepartmentSchema } } } }, responses: { 201: { description: 'created' }, ...errorResponses(400, 401, 403, 409) } });
registry.registerPath({ method: 'patch', path: '/api/v1/departments/{id}', request: { params: z.object({ id: z.string() }) }, responses: { 200: { description: 'updated' }, ...errorResponses(400, 401, 403, 404) } });
registry.registerPath({ method: 'delete', path: '/api/v1/departments/{id}', request: { params: z.object({ id: z.string() }) }, responses: { 204: { description: 'removed' }, ...errorResponses(401, 403, 404, 409) } });

export function departmentsRouter(s: Services): Router {
  const router = Router();
  const byId = async (id: string) => (await s.geo.departments()).find((d) => d.id === id) ?? null;

  router.get('/departments', async (_req, res) => {
    res.json({ departments: await s.geo.departments() });
  });

  router.post('/departments', async (req, res) => {
    const body = DepartmentSchema.parse(req.body);
    if (await byId(body.id)) throw new ConflictError('exists', `department ${body.id} exists`);
    await s.geo.upsertDepartment(body);
    res.status(201).json(await byId(body.id));
  });

  router.patch('/departments/:id', async (req, res) => {
    const current = await byId(idOf(req));
    if (!current) throw new NotFoundError('department', idOf(req));
    await s.geo.upsertDepartment({ ...current, ...DepartmentPatch.parse(req.body) });
    res.json(await byId(current.id));
  });

  router.delete('/departments/:id', async (req, res) => {
    const { removed, usedBy } = await s.geo.removeDepartment(idOf(req));
    if (usedBy.length > 0) throw new ConflictError('in_use', `department ${idOf(req)} is still referred to by ${usedBy.join(', ')}`);
    if (!removed) throw new NotFoundError('department', idOf(req));
    res.status(204).end();
  });

  return router;
}
