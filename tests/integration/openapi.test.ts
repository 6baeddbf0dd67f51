/** The OpenAPI document is generated from the same zod schemas that validate requests. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describeEachDb('openapi and health', (kind) => {
  let s: TestServices;
  let srv: TestServer;
  beforeAll(async () => {
    s = await createTestServices(kind);
    srv = await startTestServer(s);
  });
  afterAll(async () => {
    await srv?.close();
    await s?.dispose();
  });

  it('serves every stable path of API.md with the validating schemas', async () => {
    const doc = (await (await fetch(`${srv.base}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { required?: string[] }> } };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/v1/missions', '/api/v1/missions/{id}', '/api/v1/missions/{id}/images', '/api/v1/missions/{id}/flight-logs', '/api/v1/missions/{id}/waylines', '/api/v1/images/{id}', '/api/v1/images/{id}/original', '/api/v1/images/{id}/thumbnail', '/api/v1/images/{id}/annotated', '/api/v1/findings', '/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/cases/{id}/actions', '/api/v1/cases/{id}/evidence.zip', '/api/v1/zones', '/api/v1/rules', '/api/v1/models', '/api/v1/stats/cases', '/api/v1/events']) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(doc.components.schemas.CreateMission!.required).toEqual(['name']);
    expect(doc.components.schemas.CaseAction!.required).toEqual(['action']);
  });

  it('reports health with the parts named', async () => {
    const res = await fetch(`${srv.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok', redis: 'ok' });
  });

  it('answers unknown API paths with the error shape', async () => {
    const res = await srv.as('manager')('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
