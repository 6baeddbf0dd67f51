/**
 * A webhook target that never answers, and one that is not there at all, must not slow the pipeline or
 * the API: a critical finding's alert is delivered on the notify queue, so while a delivery hangs the
 * photo is done, the next photo is processed, and the API answers. Real Redis, database, model and photos.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { QueueName } from '../../core/jobs.ts';
import { seedDatabase } from '../../seeds/seed-database.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { jsonBody, uploadAndAnalyse } from '../helpers/upload-photo.ts';

const PHOTOS = path.resolve(import.meta.dirname, '../../seeds/demo/photos');
/** The demo photo with a fire: critical everywhere, so it alerts at once. */
const FIRE_PHOTO = path.join(PHOTOS, 'DJI_20250424100153_0003_V.JPG');
const NEXT_PHOTO = path.join(PHOTOS, 'DJI_20250424100203_0004_V.JPG');

describeEachDb('a slow or dead webhook target', (kind) => {
  let s: TestServices;
  let srv: TestServer;
  let hanging: http.Server;
  const held: http.ServerResponse[] = [];
  beforeEach(async () => {
    // The hanging and dead targets are on loopback, which webhooks may reach only when allowed.
    s = await createTestServices(kind, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    await seedDatabase(s);
    srv = await startTestServer(s, { workers: true });
    // Accepts the request and never answers.
    hanging = http.createServer((_req, res) => void held.push(res));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    for (const res of held.splice(0)) res.destroy();
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
    await srv.close();
    await s.dispose();
  });

  it('holds up neither the photos nor the API while a delivery hangs', { timeout: 240_000 }, async () => {
    const admin = srv.as('admin');
    const hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`;
    for (const url of [hangingUrl, 'http://127.0.0.1:9/dead']) {
      const res = await admin('/api/v1/webhooks', jsonBody({ url, format: 'json', minSeverity: 'low' }));
      expect(res.status).toBe(201);
    }

    const { view } = await uploadAndAnalyse<{ status: string; findings?: unknown[] }>(srv, FIRE_PHOTO, 'fire patrol');
    expect(view.status).toBe('done');
    // The alert reached the hanging target, which holds it unanswered.
    await waitFor(async () => (held.length > 0 ? true : undefined), 'the alert delivered to the hanging target', 60_000);
    const notify = s.jobs.queues[QueueName.Notify];
    const pendingDeliveries = async () => (await notify.getJobs(['active', 'waiting', 'delayed'])).length;
    expect(await pendingDeliveries()).toBeGreaterThan(0);

    // Meanwhile: the API answers, and the next photo goes through the whole pipeline.
    const cases = await srv.as('officer')('/api/v1/cases');
    expect(cases.status).toBe(200);
    const next = await uploadAndAnalyse<{ status: string }>(srv, NEXT_PHOTO, 'next patrol');
    expect(next.view.status).toBe('done');
    // And the hanging delivery has still not been answered: the pipeline did not wait for it.
    expect(held.some((res) => !res.writableEnded)).toBe(true);
  });
});
