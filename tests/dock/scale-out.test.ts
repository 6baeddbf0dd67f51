/**
 * Scale-out as deployed: the API, the workers and the dock bridge as three separate processes
 * (ROLE=api, ROLE=worker, ROLE=dock-bridge), each with its own empty DATA_DIR, sharing only a fresh
 * PostgreSQL database, Redis, an S3-compatible server (s3rver) and the Mosquitto broker. A scripted dock
 * asks the bridge for storage, uploads a real DJI photo and reports it; the worker process analyses it
 * from the bucket; the API process serves the finished mission and the byte-identical original.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../e2e/helpers/server.harness.ts';
import { openDatabase, migrate } from '../../core/db/database.ts';
import { DocksRepository } from '../../core/db/repositories/docks.repository.ts';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { startRole, type RoleProcess } from '../helpers/role-process.ts';
import { startTestS3, type TestS3 } from '../helpers/s3-server.ts';
import { ScriptedDock, TEST_MQTT_URL, type StorageGrant } from '../helpers/scripted-dock.ts';
import { hasPostgres, TEST_PG_URL, TEST_REDIS_URL } from '../helpers/test-services.ts';
import { waitFor } from '../helpers/test-server.ts';
import { Redis } from 'ioredis';

const PHOTO = 'images/dji_rgb/xmpgem_dji-mavic-3_L2D-20c.jpg';

(hasPostgres ? describeRealdata : describeRealdata.skip)('API, workers and dock bridge as separate processes on PostgreSQL, Redis and S3', () => {
  const tag = `dyscale${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const serial = `SCL${tag.slice(-8).toUpperCase()}`;
  const dbUrl = TEST_PG_URL.replace(/\/[^/]*$/, `/${tag}`);
  let s3: TestS3;
  const roles: RoleProcess[] = [];
  let api: RoleProcess;
  let base: string;
  let dock: ScriptedDock;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create database ${tag}`);
    await admin.end();
    s3 = await startTestS3();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = { ...s3.env, S3_PREFIX: `${tag}/`, DATABASE_URL: dbUrl, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: tag, MQTT_URL: TEST_MQTT_URL, PORT: String(port), HOST: '127.0.0.1' };
    // The API first: it migrates and seeds the empty database; the others then find it ready.
    api = startRole('api', env);
    roles.push(api);
    await api.waitForLog(/API and map on/);
    const db = openDatabase(dbUrl);
    await migrate(db);
    await new DocksRepository(db.kysely).register({ serial });
    await db.close();
    const worker = startRole('worker', { ...env, DEMO_ACCOUNTS: 'false' });
    const bridge = startRole('dock-bridge', { ...env, DEMO_ACCOUNTS: 'false' });
    roles.push(worker, bridge);
    await Promise.all([worker.waitForLog(/workers running/), bridge.waitForLog(/dock bridge on/)]);
    dock = await ScriptedDock.connect(serial);
  }, 300_000);

  afterAll(async () => {
    await dock?.close();
    await Promise.all(roles.map((r) => r.stop()));
    await s3?.close();
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${tag} with (force)`);
    await admin.end();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${tag}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('carries a dock photo from the broker through the bucket and the worker to the API', async () => {
    const tokens = JSON.parse(readFileSync(path.join(api.dataDir, 'demo-tokens.json'), 'utf8')) as Record<string, string>;
    const get = (p: string) => fetch(`${base}${p}`, { headers: { authorization: `Bearer ${tokens.operator}` } });

    const grant = (await dock.call('requests', dock.envelope('storage_config_get', { module: 0 }))).data.output as unknown as StorageGrant;
    const flightId = `flight-${tag}`;
    const objectKey = `${grant.object_key_prefix}${flightId}/DJI_0001.jpg`;
    await dock.upload(grant, objectKey, realdata(PHOTO));
    const event = dock.envelope('file_upload_callback', { file: { object_key: objectKey, name: 'DJI_0001.jpg', ext: { flight_id: flightId }, metadata: {} } }, { needReply: true });
    expect((await dock.call('events', event)).data.result).toBe(0);
    const progress = dock.envelope('flighttask_progress', { output: { status: 'ok', progress: { percent: 100 }, ext: { flight_id: flightId, media_count: 1 } } }, { needReply: true });
    expect((await dock.call('events', progress)).data.result).toBe(0);

    const mission = await waitFor(async () => {
      const { missions } = (await (await get('/api/v1/missions')).json()) as { missions: Array<{ id: string; status: string; counts: { processed: number }; flight: { flightId: string } | null }> };
      const m = missions.find((x) => x.flight?.flightId === flightId);
      return m?.status === 'done' ? m : undefined;
    }, 'the mission done, processed by the worker process', 180_000);
    expect(mission.counts.processed).toBe(1);
    const { images } = (await (await get(`/api/v1/missions/${mission.id}/images`)).json()) as { images: Array<{ id: string }> };
    const original = Buffer.from(await (await get(`/api/v1/images/${images[0]!.id}/original`)).arrayBuffer());
    expect(original.equals(readFileSync(realdata(PHOTO)))).toBe(true);
    // the originals live in the bucket only: no process keeps a local originals folder
    for (const r of roles) expect(existsSync(path.join(r.dataDir, 'blobs', 'originals'))).toBe(false);
    for (const r of roles) expect(r.log()).not.toMatch(/"level":50/);
  }, 240_000);
});
