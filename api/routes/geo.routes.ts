/** Zones (GeoJSON), rules, enterprises with their open cases, departments and docks. */
import { Router } from 'express';
import { CaseStore } from '../../core/cases/case-store.ts';
import { caseJson } from '../../core/cases/case.view.ts';
import { SEVERITIES, ZONE_KINDS } from '../../core/domain.ts';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import { allowedActions } from '../../core/pipeline/cases/case-lifecycle.ts';
import { validateZones } from '../../core/pipeline/geofence/zones.validate.ts';
import type { Services } from '../../core/services.ts';
import { currentUser } from '../auth.ts';
import { maySeeDepartment } from '../access/department-scope.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { idOf } from '../params.ts';
import { text } from '../text-fields.ts';
import { actorOf } from './cases.routes.ts';

const ZonesQuery = z.object({ kind: z.enum(ZONE_KINDS).optional() });
export const RuleSchema = registry.register(
  'Rule',
  z.object({
    class: text.id(),
    zoneKind: z.union([z.enum(ZONE_KINDS), z.literal('*')]),
    violation: text.name(),
    severity: z.enum(SEVERITIES),
    rectificationDays: z.number().int().positive(),
    alertImmediately: z.boolean(),
  }),
);
export const VisitDispatchSchema = registry.register(
  'VisitDispatch',
  z.object({ caseIds: text.ids().min(1), assignee: text.name(), dueAt: z.string().datetime({ offset: true }).optional(), note: text.note().optional() }),
);

registry.registerPath({ method: 'get', path: '/api/v1/zones', request: { query: ZonesQuery }, responses: { 200: { description: 'GeoJSON FeatureCollection' }, ...errorResponses(401) } });
registry.registerPath({ method: 'post', path: '/api/v1/zones', request: { body: { content: { 'application/json': { schema: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) }) } } } }, responses: { 201: { description: 'imported' }, ...errorResponses(400, 401, 403) } });
registry.registerPath({ method: 'get', path: '/api/v1/rules', responses: { 200: { description: 'rules' }, ...errorResponses(401) } });
registry.registerPath({ method: 'put', path: '/api/v1/rules', request: { body: { content: { 'application/json': { schema: RuleSchema } } } }, responses: { 200: { description: 'saved' }, ...errorResponses(400, 401, 403) } });
registry.registerPath({ method: 'get', path: '/api/v1/enterprises/{id}/open-cases', request: { params: z.object({ id: z.string() }) }, responses: { 200: { description: 'open cases of one enterprise' }, ...errorResponses(401, 404) } });
registry.registerPath({ method: 'post', path: '/api/v1/enterprises/{id}/visits', request: { params: z.object({ id: z.string() }), body: { content: { 'application/json': { schema: VisitDispatchSchema } } } }, responses: { 200: { description: 'cases dispatched in one on-site visit' }, ...errorResponses(400, 401, 403, 404, 409) } });

export function geoRouter(s: Services): Router {
  const router = Router();
  const store = new CaseStore(s.db.kysely, s.db.dialect, s.audit);

  router.get('/zones', async (req, res) => {
    const { kind } = ZonesQuery.parse(req.query);
    res.json({ type: 'FeatureCollection', features: await s.geo.zones(kind) });
  });

  router.post('/zones', async (req, res) => {
    const zones = validateZones(req.body);
    await s.geo.upsertZones(zones);
    res.status(201).json({ imported: zones.length, ids: zones.map((z) => z.id) });
  });

  router.get('/rules', async (_req, res) => {
    res.json({ rules: await s.geo.rules() });
  });

  router.put('/rules', async (req, res) => {
    const rule = RuleSchema.parse(req.body);
    await s.geo.upsertRule({ id: `rule-${rule.class}-${rule.zoneKind === '*' ? 'anywhere' : rule.zoneKind}`, ...rule });
    res.json({ rules: await s.geo.rules() });
  });

  router.get('/enterprises', async (_req, res) => {
    res.json({ enterprises: await s.geo.enterprises() });
  });

  // "Enter once, check many things": everything open at one enterprise, for one visit.
  router.get('/enterprises/:id/open-cases', async (req, res) => {
    const enterprise = await s.geo.enterprise(idOf(req));
    if (!enterprise) throw new NotFoundError('enterprise', idOf(req));
    const user = currentUser(req);
    const cases = (await s.cases.list({ enterpriseId: enterprise.id, openOnly: true })).filter((c) => maySeeDepartment(user, c.departmentId));
    res.json({ enterprise, cases: cases.map((c) => caseJson(c)) });
  });

  router.post('/enterprises/:id/visits', async (req, res) => {
    const enterprise = await s.geo.enterprise(idOf(req));
    if (!enterprise) throw new NotFoundError('enterprise', idOf(req));
    const body = VisitDispatchSchema.parse(req.body);
    const user = currentUser(req);
    const actor = actorOf(user);
    const now = new Date();
    // Every case is checked before any is touched, so a bad id changes nothing.
    for (const id of body.caseIds) {
      const c = await s.cases.get(id);
      if (!c || c.enterpriseId !== enterprise.id || !maySeeDepartment(user, c.departmentId)) throw new NotFoundError(`case of enterprise ${enterprise.id}`, id);
      const allowed = allowedActions(c, actor);
      if (!allowed.includes('dispatch') && !(c.status === 'new' && allowed.includes('confirm'))) {
        throw new ConflictError('invalid_transition', `case ${id} is ${c.status}: it cannot be dispatched by you now`, { caseId: id, status: c.status, allowed });
      }
    }
    const updated = [];
    for (const id of body.caseIds) {
      const c = (await s.cases.get(id))!;
      // Cases still "new" are confirmed on the way: the visit is the officer's decision to act on them.
      if (c.status === 'new') await store.act(id, 'confirm', actor, { note: body.note }, now);
      const { case: dispatched } = await store.act(id, 'dispatch', actor, { assignee: body.assignee, dueAt: body.dueAt, note: body.note ?? `on-site visit to ${enterprise.name}` }, now);
      await s.events.publish('case.updated', caseJson(dispatched));
      updated.push(caseJson(dispatched));
    }
    res.json({ enterprise, cases: updated });
  });

  return router;
}
