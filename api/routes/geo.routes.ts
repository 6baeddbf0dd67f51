/** Zones (GeoJSON), rules, enterprises with their open cases, departments and docks. */
import { Router } from 'express';
import { caseJson } from '../../core/cases/case.view.ts';
import { SEVERITIES, ZONE_KINDS } from '../../core/domain.ts';
import { NotFoundError } from '../../core/errors.ts';
import { validateZones } from '../../core/pipeline/geofence/zones.validate.ts';
import type { Services } from '../../core/services.ts';
import { currentUser, requireRole } from '../auth.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { idOf } from '../params.ts';
import { actorOf } from './cases.routes.ts';

const ZonesQuery = z.object({ kind: z.enum(ZONE_KINDS).optional() });
export const RuleSchema = registry.register(
  'Rule',
  z.object({
    class: z.string().min(1),
    zoneKind: z.union([z.enum(ZONE_KINDS), z.literal('*')]),
    violation: z.string().min(1),
    severity: z.enum(SEVERITIES),
    rectificationDays: z.number().int().positive(),
    alertImmediately: z.boolean(),
  }),
);
export const VisitDispatchSchema = registry.register(
  'VisitDispatch',
  z.object({ caseIds: z.array(z.string()).min(1), assignee: z.string().min(1), dueAt: z.string().datetime({ offset: true }).optional(), note: z.string().optional() }),
);

registry.registerPath({ method: 'get', path: '/api/v1/zones', request: { query: ZonesQuery }, responses: { 200: { description: 'GeoJSON FeatureCollection' }, ...errorResponses(401) } });
registry.registerPath({ method: 'post', path: '/api/v1/zones', request: { body: { content: { 'application/json': { schema: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) }) } } } }, responses: { 201: { description: 'imported' }, ...errorResponses(400, 401, 403) } });
registry.registerPath({ method: 'get', path: '/api/v1/rules', responses: { 200: { description: 'rules' }, ...errorResponses(401) } });
registry.registerPath({ method: 'put', path: '/api/v1/rules', request: { body: { content: { 'application/json': { schema: RuleSchema } } } }, responses: { 200: { description: 'saved' }, ...errorResponses(400, 401, 403) } });
registry.registerPath({ method: 'get', path: '/api/v1/enterprises/{id}/open-cases', request: { params: z.object({ id: z.string() }) }, responses: { 200: { description: 'open cases of one enterprise' }, ...errorResponses(401, 404) } });
registry.registerPath({ method: 'post', path: '/api/v1/enterprises/{id}/visits', request: { params: z.object({ id: z.string() }), body: { content: { 'application/json': { schema: VisitDispatchSchema } } } }, responses: { 200: { description: 'cases dispatched in one on-site visit' }, ...errorResponses(400, 401, 403, 404, 409) } });

export function geoRouter(s: Services): Router {
  const router = Router();

  router.get('/zones', async (req, res) => {
    const { kind } = ZonesQuery.parse(req.query);
    res.json({ type: 'FeatureCollection', features: await s.geo.zones(kind) });
  });

  router.post('/zones', requireRole('admin'), async (req, res) => {
    const zones = validateZones(req.body);
    await s.geo.upsertZones(zones);
    res.status(201).json({ imported: zones.length, ids: zones.map((z) => z.id) });
  });

  router.get('/rules', async (_req, res) => {
    res.json({ rules: await s.geo.rules() });
  });

  router.put('/rules', requireRole('admin'), async (req, res) => {
    const rule = RuleSchema.parse(req.body);
    await s.geo.upsertRule({ id: `rule-${rule.class}-${rule.zoneKind === '*' ? 'anywhere' : rule.zoneKind}`, ...rule });
    res.json({ rules: await s.geo.rules() });
  });

  router.get('/departments', async (_req, res) => {
    res.json({ departments: await s.geo.departments() });
  });

  router.get('/docks', async (_req, res) => {
    res.json({ docks: await s.geo.docks() });
  });

  router.get('/enterprises', async (_req, res) => {
    res.json({ enterprises: await s.geo.enterprises() });
  });

  // "Enter once, check many things": everything open at one enterprise, for one visit.
  router.get('/enterprises/:id/open-cases', requireRole('officer', 'manager'), async (req, res) => {
    const enterprise = await s.geo.enterprise(idOf(req));
    if (!enterprise) throw new NotFoundError('enterprise', idOf(req));
    const user = currentUser(req);
    const cases = (await s.cases.list({ enterpriseId: enterprise.id, openOnly: true })).filter((c) => user.role !== 'officer' || c.departmentId === user.departmentId);
    res.json({ enterprise, cases: cases.map((c) => caseJson(c)) });
  });

  router.post('/enterprises/:id/visits', requireRole('officer', 'manager'), async (req, res) => {
    const enterprise = await s.geo.enterprise(idOf(req));
    if (!enterprise) throw new NotFoundError('enterprise', idOf(req));
    const body = VisitDispatchSchema.parse(req.body);
    // All or none: the cases service dispatches every case in one transaction, or fails the visit unchanged.
    const dispatched = await s.casesService.dispatchVisit(enterprise.id, body.caseIds, actorOf(currentUser(req)), {
      assignee: body.assignee,
      dueAt: body.dueAt,
      note: body.note ?? `on-site visit to ${enterprise.name}`,
    });
    const updated = dispatched.map((c) => caseJson(c));
    res.json({ enterprise, cases: updated });
  });

  return router;
}
