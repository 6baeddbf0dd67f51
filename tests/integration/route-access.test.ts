/**
 * The role x route matrix (api/access/route-access.ts) against the running app: every route express has
 * registered must have an entry, and each entry is called with no token, a bad token, a revoked token,
 * each role, and officers of another department and of none. Department-scoped routes are called with a
 * photo, finding, case and enterprise of department A.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessFor } from '../../api/access/enforce-access.ts';
import { ROUTE_ACCESS, roleAllowed, type RouteAccess } from '../../api/access/route-access.ts';
import type { Role } from '../../core/domain.ts';
import { startAccessFixture, type AccessFixture, type Caller } from '../helpers/access-fixture.ts';
import { registeredRoutes } from '../helpers/express-routes.ts';
import { collectSse } from '../helpers/collect-sse.ts';
import { waitFor } from '../helpers/test-server.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';

const ROLE_OF: Record<Caller, Role> = { operator: 'operator', officer: 'officer', officerB: 'officer', officerNone: 'officer', manager: 'manager', admin: 'admin', dock: 'dock' };
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describeEachDb('route access matrix', (kind) => {
  let s: TestServices;
  let fx: AccessFixture;
  beforeAll(async () => {
    s = await createTestServices(kind);
    fx = await startAccessFixture(s);
  });
  afterAll(async () => {
    await fx?.close();
    await s?.dispose();
  });

  /** The path with fixture ids: department A's rows where a route reads one, ids that do not exist where it would write. */
  const fill = (entry: RouteAccess): string =>
    entry.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
      const area = entry.path.split('/')[3];
      if (name !== 'id') return 'no-such-id';
      switch (area) {
        case 'missions':
          return fx.missionId;
        case 'images':
          return fx.imageId;
        case 'cases':
          return fx.caseId;
        case 'enterprises':
          return fx.enterpriseId;
        case 'users':
          return fx.spareUserId;
        case 'departments':
          return 'dept-a';
        case 'docks':
          return fx.dockId;
        default:
          return 'no-such-id';
      }
    });

  /** One request; event streams are cut once the status is known. */
  const call = async (entry: RouteAccess, headers: Record<string, string>, body = '{}'): Promise<{ status: number; body: string }> => {
    const controller = new AbortController();
    const res = await fetch(`${fx.base}${fill(entry)}`, {
      method: entry.method,
      headers: { ...headers, ...(UNSAFE.has(entry.method) ? { 'content-type': 'application/json' } : {}) },
      ...(UNSAFE.has(entry.method) ? { body } : {}),
      signal: controller.signal,
    });
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      controller.abort();
      return { status: res.status, body: '' };
    }
    return { status: res.status, body: await res.text() };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('has an entry for every registered route, and none for a route that does not exist', () => {
    const routes = registeredRoutes(fx.app);
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((r) => accessFor(r.method, r.path)?.path !== r.path).map((r) => `${r.method} ${r.path}`);
    expect(missing, 'routes without an entry in api/access/route-access.ts').toEqual([]);
    const registered = new Set(routes.map((r) => `${r.method} ${r.path}`));
    // GET / is registered only while the map UI is not built (a hint to build it); with map-ui/dist it is static.
    const uiBuilt = existsSync(path.resolve(import.meta.dirname, '../../map-ui/dist'));
    const stale = ROUTE_ACCESS.filter((e) => !registered.has(`${e.method} ${e.path}`) && !(uiBuilt && e.method === 'GET' && e.path === '/')).map((e) => `${e.method} ${e.path}`);
    expect(stale, 'matrix entries for routes that do not exist').toEqual([]);
  });

  it('refuses every non-public route without a token, with a bad token and with a revoked token (401)', async () => {
    const wrong: string[] = [];
    for (const entry of ROUTE_ACCESS) {
      const none = await call(entry, {});
      // A signed link without its signature is refused (403) whoever asks; no account opens it.
      if (entry.roles === 'signed-link') {
        if (none.status !== 403) wrong.push(`${entry.method} ${entry.path} unsigned: ${none.status}`);
        continue;
      }
      if (entry.roles === 'public') {
        if (none.status === 401 || none.status === 403) wrong.push(`${entry.method} ${entry.path} public but ${none.status}`);
        continue;
      }
      if (none.status !== 401) wrong.push(`${entry.method} ${entry.path} no token: ${none.status}`);
      const bad = await call(entry, bearer('not-a-token'));
      if (bad.status !== 401) wrong.push(`${entry.method} ${entry.path} bad token: ${bad.status}`);
      const revoked = await call(entry, bearer(fx.revokedToken));
      if (revoked.status !== 401) wrong.push(`${entry.method} ${entry.path} revoked token: ${revoked.status}`);
      const stale = await call(entry, { cookie: 'dy_session=not-a-session' });
      if (stale.status !== 401) wrong.push(`${entry.method} ${entry.path} unknown session: ${stale.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets each role call exactly the routes the matrix gives it (403 for the rest)', async () => {
    const wrong: string[] = [];
    for (const entry of ROUTE_ACCESS.filter((e) => e.roles !== 'public')) {
      for (const caller of ['operator', 'officer', 'manager', 'admin', 'dock'] as const) {
        const { status, body } = await call(entry, bearer(fx.tokens[caller]));
        const allowed = roleAllowed(entry.roles, ROLE_OF[caller]);
        if (allowed && (status === 401 || status === 403 || body.includes('"no route'))) wrong.push(`${entry.method} ${entry.path} ${caller} allowed but ${status} ${body.slice(0, 120)}`);
        if (!allowed && status !== 403) wrong.push(`${entry.method} ${entry.path} ${caller} not allowed but ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("keeps department A's photo, finding, case, evidence and enterprise cases from officers of another department or of none", async () => {
    const wrong: string[] = [];
    const scoped = ROUTE_ACCESS.filter((e) => e.scope === 'department' && e.path.includes(':id') && Array.isArray(e.roles) && e.roles.includes('officer'));
    expect(scoped.map((e) => `${e.method} ${e.path}`)).toContain('GET /api/v1/images/:id/original');
    // Lists narrowed to the caller's department (the mission and the enterprise themselves are not department-bound): checked below.
    const lists = new Set(['/api/v1/missions/:id/images', '/api/v1/enterprises/:id/open-cases']);
    // Writes get a body that would pass validation, so the department check is what answers.
    const bodies: Record<string, string> = {
      '/api/v1/cases/:id/actions': JSON.stringify({ action: 'confirm' }),
      '/api/v1/enterprises/:id/visits': JSON.stringify({ caseIds: [fx.caseId], assignee: 'grid officer' }),
    };
    for (const entry of scoped.filter((e) => !lists.has(e.path))) {
      for (const caller of ['officerB', 'officerNone'] as const) {
        const { status } = await call(entry, bearer(fx.tokens[caller]), bodies[entry.path]);
        if (status !== 403 && status !== 404) wrong.push(`${entry.method} ${entry.path} ${caller}: ${status}`);
      }
    }
    for (const entry of scoped.filter((e) => e.method === 'GET' && !fill(e).includes('no-such-id'))) {
      const own = await call(entry, bearer(fx.tokens.officer));
      if (own.status !== 200) wrong.push(`${entry.method} ${entry.path} own department: ${own.status}`);
    }
    expect(wrong).toEqual([]);

    const get = async (caller: Caller, path: string) => (await fetch(`${fx.base}${path}`, { headers: bearer(fx.tokens[caller]) })).json() as Promise<Record<string, unknown>>;
    for (const caller of ['officerB', 'officerNone'] as const) {
      expect(((await get(caller, '/api/v1/findings')) as { features: unknown[] }).features, caller).toEqual([]);
      expect(((await get(caller, '/api/v1/cases')) as { cases: unknown[] }).cases, caller).toEqual([]);
      expect(((await get(caller, `/api/v1/missions/${fx.missionId}/images`)) as { images: unknown[] }).images, caller).toEqual([]);
      expect(((await get(caller, `/api/v1/enterprises/${fx.enterpriseId}/open-cases`)) as { cases: unknown[] }).cases, caller).toEqual([]);
    }
    for (const caller of ['officer', 'manager', 'admin'] as const) {
      expect(((await get(caller, '/api/v1/findings')) as { features: Array<{ id: string }> }).features.map((f) => f.id), caller).toEqual([fx.findingId]);
      expect(((await get(caller, '/api/v1/cases')) as { cases: Array<{ id: string }> }).cases.map((c) => c.id), caller).toEqual([fx.caseId]);
    }
    expect((await s.cases.get(fx.caseId))!.status, 'the refused writes changed nothing').toBe('new');
    expect(((await get('officer', `/api/v1/missions/${fx.missionId}/images`)) as { images: Array<{ id: string }> }).images.map((i) => i.id)).toEqual([fx.imageId]);
    const original = await fetch(`${fx.base}/api/v1/images/${fx.imageId}/original`, { headers: bearer(fx.tokens.officer) });
    expect(original.status).toBe(200);
    expect((await original.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it("streams department A's case and finding events to its officers and managers only", async () => {
    const callers = ['officer', 'officerB', 'officerNone', 'manager', 'operator'] as const;
    const streams = Object.fromEntries(callers.map((c) => [c, collectSse(`${fx.base}/api/v1/events`, bearer(fx.tokens[c]))]));
    await Promise.all(Object.values(streams).map((st) => st.ready));
    await s.events.publish('case.updated', { id: fx.caseId, departmentId: 'dept-a', status: 'confirmed' });
    await s.events.publish('finding.created', { id: fx.findingId, departmentId: 'dept-a' });
    await s.events.publish('case.updated', { id: 'case-without-department', departmentId: null, status: 'new' });
    // Everyone gets mission events: once this one arrives, everything published before it has been decided.
    await s.events.publish('mission.updated', { id: fx.missionId });
    const seen: Record<string, string[]> = {};
    for (const c of callers) {
      await waitFor(async () => (streams[c]!.events.some((e) => e.type === 'mission.updated') ? true : undefined), `${c}'s mission event`);
      seen[c] = streams[c]!.events.map((e) => `${e.type} ${(e.data as { id: string }).id}`);
      streams[c]!.close();
    }
    const mission = `mission.updated ${fx.missionId}`;
    expect(seen.officer).toEqual([`case.updated ${fx.caseId}`, `finding.created ${fx.findingId}`, mission]);
    expect(seen.officerB).toEqual([mission]);
    expect(seen.officerNone).toEqual([mission]);
    expect(seen.operator).toEqual([mission]);
    expect(seen.manager).toEqual([`case.updated ${fx.caseId}`, `finding.created ${fx.findingId}`, 'case.updated case-without-department', mission]);
  });
});
