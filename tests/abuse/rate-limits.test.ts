/**
 * Failed authentications and uploads are limited per window, answering 429 with Retry-After and the
 * configuration key; counts sit in Redis, so a second API process over the same Redis sees them; what is
 * refused stores nothing, and valid tokens keep working. SQLite and PostgreSQL.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import express from 'express';
import { Redis } from 'ioredis';
import { createApp } from '../../api/app.ts';
import { errorHandler } from '../../api/error-handler.ts';
import { uploadRateLimit } from '../../api/rate-limits.ts';
import type { User } from '../../core/db/repositories/users.repository.ts';
import type { Services } from '../../core/services.ts';
import { createTestServices, describeEachDb, TEST_REDIS_URL, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';
import { expectHealthy, filesUnder } from './helpers/abuse.harness.ts';

const PHOTOS = ['pipeline_oil_spill.jpg', 'farmland_steel_shed.jpg', 'industrial_fire_smoke_tanker.jpg'].map((f) => path.resolve(import.meta.dirname, '../fixtures/detection', f));
type ErrorBody = { error: { code: string; message: string } };

describeEachDb('abuse: rate limits', (kind) => {
  let s: TestServices;
  let srv: TestServer;
  let second: Server;
  let secondBase: string;
  beforeAll(async () => {
    s = await createTestServices(kind, { AUTH_FAILURE_LIMIT: '3', UPLOAD_LIMIT: '2', RATE_LIMIT_WINDOW_S: '600' });
    srv = await startTestServer(s);
    // A second API process over the same Redis and database.
    second = createApp(s).listen(0, '127.0.0.1');
    await new Promise((resolve) => second.once('listening', resolve));
    secondBase = `http://127.0.0.1:${(second.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    second?.closeAllConnections();
    await new Promise((resolve) => second?.close(resolve));
    await srv?.close();
    await s?.dispose();
  });

  it('answers 429 with Retry-After after AUTH_FAILURE_LIMIT failed authentications, shared across processes', async () => {
    const bad = (base: string) => fetch(`${base}/api/v1/me`, { headers: { authorization: 'Bearer not-a-token' } });
    expect((await bad(srv.base)).status).toBe(401);
    expect((await bad(secondBase)).status).toBe(401);
    // No credentials at all is not a failed authentication (anonymous): not counted.
    expect((await fetch(`${srv.base}/api/v1/me`)).status).toBe(401);
    expect((await bad(srv.base)).status).toBe(401);
    for (const base of [srv.base, secondBase]) {
      const limited = await bad(base);
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expect(((await limited.json()) as ErrorBody).error).toMatchObject({ code: 'too_many_requests', message: expect.stringMatching(/at most 3 per 600 s \(AUTH_FAILURE_LIMIT, RATE_LIMIT_WINDOW_S\)/) });
    }
    // A valid token is never counted nor refused.
    expect((await srv.as('officer')('/api/v1/me')).status).toBe(200);
    await expectHealthy(srv);
  });

  it('answers 429 past UPLOAD_LIMIT upload requests per user, storing nothing of the refused one', async () => {
    const { id } = (await (await srv.as('operator')('/api/v1/missions', jsonBody({ name: 'many uploads' }))).json()) as { id: string };
    const upload = async (file: string) => {
      const fd = new FormData();
      fd.append('files', new Blob([await readFile(file)]), path.basename(file));
      return srv.as('operator')(`/api/v1/missions/${id}/images`, { method: 'POST', body: fd });
    };
    expect((await upload(PHOTOS[0]!)).status).toBe(202);
    expect((await upload(PHOTOS[1]!)).status).toBe(202);
    const limited = await upload(PHOTOS[2]!);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as ErrorBody).error.message).toMatch(/UPLOAD_LIMIT/);
    expect((await s.images.listByMission(id)).map((i) => i.filename).sort()).toEqual(['farmland_steel_shed.jpg', 'pipeline_oil_spill.jpg']);
    expect(await filesUnder(s, 'blobs/originals')).toHaveLength(2);
    // Another user has a count of their own.
    const dock = await srv.as('dock')(`/api/v1/missions/${id}/images`, { method: 'POST', body: (() => { const fd = new FormData(); fd.append('files', new Blob([Buffer.from('x')]), 'x.jpg'); return fd; })() });
    expect(dock.status).not.toBe(429);
    await expectHealthy(srv);
  });

  it('keeps counting when the limiter was made before Redis was ready (fail-fast connection)', async () => {
    // A connection as the API's (no offline queue), not yet connected when the limiter loads its scripts.
    const late = new Redis(TEST_REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    const app = express();
    app.post('/upload', (req, _res, next) => ((req.user = { id: 'late-user' } as User), next()), uploadRateLimit({ ...s, redis: late } as Services), (_req, res) => void res.status(202).end());
    app.use(errorHandler(s.log));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      await late.connect();
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
      expect([(await fetch(url, { method: 'POST' })).status, (await fetch(url, { method: 'POST' })).status, (await fetch(url, { method: 'POST' })).status]).toEqual([202, 202, 429]);
      expect(await late.exists(`${s.config.QUEUE_PREFIX}:rate:upload:late-user`)).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await late.quit();
    }
  });
});
