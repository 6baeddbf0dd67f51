/**
 * Webhooks cannot reach into the server's own network: non-http schemes, loopback, link-local (the cloud
 * metadata address), private, unique-local and unspecified targets are refused at registration (400) and
 * again at send time, names are judged by what they resolve to, redirects are not followed, and a local
 * listener receives nothing. Secrets (and robot tokens in URLs) never come back. SQLite and PostgreSQL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Finding } from '../../core/db/repositories/findings.repository.ts';
import type { JobName, JobData } from '../../core/jobs.ts';
import { sendWebhook } from '../../workers/processors/send-webhook.processor.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';
import { expectHealthy } from './helpers/abuse.harness.ts';

/** A local HTTP listener that records what reaches it; `redirectTo` makes it answer 302. */
async function listener(redirectTo?: string) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    if (redirectTo) res.writeHead(302, { location: redirectTo }).end();
    else res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { hits, port, url: `http://127.0.0.1:${port}/hook`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const FINDING: Finding = {
  id: 'f1', detectionId: 'd1', imageId: 'img1', missionId: 'm1', caseId: null, class: 'fire', score: 0.95, severity: 'critical', violation: 'open fire',
  lat: 38.04, lon: 118.95, zones: [], district: null, enterpriseId: null, departmentId: null, modelId: 'dy-hazard@1.4.0', capturedAt: '2026-11-01T08:00:00.000Z', createdAt: '2026-11-01T08:00:00.000Z',
};

describeEachDb('abuse: webhook targets', (kind) => {
  const started: Array<{ s: TestServices; srv: TestServer }> = [];
  let sink: Awaited<ReturnType<typeof listener>>;
  beforeAll(async () => {
    sink = await listener();
  });
  afterEach(async () => {
    for (const { s, srv } of started.splice(0)) {
      await srv.close();
      await s.dispose();
    }
  });
  afterAll(async () => sink.close());

  async function start(overrides: Record<string, string> = {}) {
    const s = await createTestServices(kind, overrides);
    const srv = await startTestServer(s);
    started.push({ s, srv });
    return { s, srv };
  }
  /** Sends the alert of a fresh case to one webhook as the worker would. */
  let sent = 0;
  async function send(s: TestServices, webhookId: string) {
    const store = s.casesService;
    // A finding is filed once (a second filing of one id is refused), so each alert gets its own.
    const n = ++sent;
    const finding = { ...FINDING, id: `f${n}`, detectionId: `d${n}`, imageId: `img${n}`, lat: FINDING.lat! + n * 0.01 };
    const { case: c } = await store.recordFinding(finding, { severity: 'critical', violation: 'open fire', rectificationDays: 1 });
    const job = { data: { caseId: c.id, webhookId, reason: 'critical' } } as Job<JobData<JobName.SendWebhook>>;
    return sendWebhook(s)(job);
  }

  it('refuses every internal or non-http target at registration with 400, storing nothing, the listener untouched', async () => {
    const { s, srv } = await start();
    const targets: Array<[string, RegExp]> = [
      [`file:///etc/passwd`, /file: URLs are not allowed/],
      [`gopher://127.0.0.1:${sink.port}/_x`, /gopher: URLs are not allowed/],
      [`http://169.254.169.254/latest/meta-data/`, /169\.254\.169\.254 is a linkLocal address/],
      [sink.url, /127\.0\.0\.1 is a loopback address/],
      [`http://localhost:${sink.port}/hook`, /localhost resolves to .* loopback address/],
      [`http://[::1]:${sink.port}/hook`, /::1 is a loopback address/],
      [`http://[::ffff:127.0.0.1]:${sink.port}/hook`, /loopback address/],
      [`http://10.1.2.3/hook`, /private address/],
      [`http://192.168.1.10/hook`, /private address/],
      [`http://[fd00::1]/hook`, /uniqueLocal address/],
      [`http://0.0.0.0:${sink.port}/hook`, /unspecified address/],
      [`http://user:pw@example.com/hook`, /credentials in the URL/],
    ];
    for (const [url, why] of targets) {
      const res = await srv.as('admin')('/api/v1/webhooks', jsonBody({ url, format: 'json' }));
      expect(res.status, url).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code === 'webhook_target_refused' || body.error.code === 'invalid_request', url).toBe(true);
      if (body.error.code === 'webhook_target_refused') expect(body.error.message, url).toMatch(why);
    }
    expect(await s.webhooks.list()).toEqual([]);
    expect(sink.hits).toEqual([]);
    await expectHealthy(srv);
  });

  it('checks again at send time: a stored internal target is refused for good and receives nothing', async () => {
    const { s, srv } = await start();
    // As if the name had resolved to a public address when it was saved.
    const hook = await s.webhooks.create({ url: sink.url, format: 'json', departmentId: null, minSeverity: 'low', secret: null });
    await expect(send(s, hook.id)).rejects.toThrow(/refused: 127\.0\.0\.1 is a loopback address/);
    await expect(send(s, hook.id)).rejects.toMatchObject({ name: 'UnrecoverableError' });
    expect(sink.hits).toEqual([]);
    await expectHealthy(srv);
  });

  it('with WEBHOOK_ALLOW_PRIVATE delivers inside the network, follows no redirect, and never shows the secret', async () => {
    const { s, srv } = await start({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    const forwarder = await listener(`${sink.url}?redirected`);
    try {
      const created = await srv.as('admin')('/api/v1/webhooks', jsonBody({ url: `${sink.url}?access_token=robot-secret-token`, format: 'json', secret: 'very-secret-signing-key', minSeverity: 'low' }));
      expect(created.status).toBe(201);
      const shown = await created.text();
      const listed = await (await srv.as('admin')('/api/v1/webhooks')).text();
      for (const text of [shown, listed]) {
        expect(text).not.toContain('very-secret-signing-key');
        expect(text).not.toContain('robot-secret-token');
        expect(text).toContain('"signed":true');
      }
      const { id } = JSON.parse(shown) as { id: string };
      expect(await send(s, id)).toEqual({ status: 200 });
      expect(sink.hits).toEqual(['POST /hook?access_token=robot-secret-token']);

      const redirecting = await s.webhooks.create({ url: forwarder.url, format: 'json', departmentId: null, minSeverity: 'low', secret: null });
      await expect(send(s, redirecting.id)).rejects.toThrow(/answered a redirect \(302\); redirects are not followed/);
      expect(forwarder.hits).toEqual(['POST /hook']);
      expect(sink.hits).toHaveLength(1);
    } finally {
      await forwarder.close();
      sink.hits.length = 0;
    }
    await expectHealthy(srv);
  });
});
