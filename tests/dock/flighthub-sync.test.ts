/**
 * The FlightHub 2 sync endpoint: a media upload notification, authenticated with the dock's key, takes
 * the object from the bucket into the dock's flight mission through the same path as the MQTT bridge.
 * Wrong keys, another dock's gateway, missing objects, malformed and oversized bodies are refused
 * clearly; a repeat changes nothing. Real s3rver, Redis, SQLite and PostgreSQL, real workers.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createS3Client } from '../../core/storage/s3-client.ts';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { startTestS3, type TestS3 } from '../helpers/s3-server.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';

const PHOTO = 'images/dji_rgb/xmpgem_dji-mavic-3_L2D-20c.jpg';

describeRealdata('FlightHub 2 media notifications', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(() => s3?.close());

  describeEachDb('POST /api/v1/flighthub/media', (kind) => {
    const run = randomBytes(4).toString('hex').toUpperCase();
    const serial = `FH${run}`;
    const keys: Record<'key' | 'other', string> = { key: '', other: '' };
    const prefix = `${kind}-${run}/`;
    const objectKey = `${prefix}docks/${serial}/flight-${run}/DJI_0001.jpg`;
    let s: TestServices;
    let srv: TestServer;

    const notify = (body: unknown, headers: Record<string, string> = { 'x-organization-key': keys.key }) =>
      fetch(`${srv.base}/api/v1/flighthub/media`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const envelope = (objectKeyOf: string, extra: Record<string, unknown> = {}) => ({
      tid: `tid-${run}`,
      bid: `bid-${run}`,
      timestamp: Date.now(),
      gateway: serial,
      method: 'file_upload_callback',
      data: { file: { object_key: objectKeyOf, name: 'DJI_0001.jpg', ext: { flight_id: `flight-${run}` }, metadata: { shoot_position: { lat: '53.0', lng: '6.3' }, create_time: '2023-08-16 18:40:41' } } },
      ...extra,
    });

    beforeAll(async () => {
      s = await createTestServices(kind, { ...s3.env, S3_PREFIX: prefix, DOCK_MAX_MESSAGE_BYTES: '8192' });
      srv = await startTestServer(s, { workers: true });
      // Keys as an admin makes them: a dock account bound to the registered dock, and its token.
      for (const [dockSerial, name] of [[serial, 'key'], [`${serial}X`, 'other']] as const) {
        const dock = await s.docks.register({ serial: dockSerial });
        const account = (await s.users.create({ id: `dock-account-${dock.id}`, name: `dock ${dockSerial}`, role: 'dock', dockId: dock.id, firstToken: false })).user;
        keys[name] = (await s.users.createToken(account.id, 'flighthub', null)).token;
      }
      await createS3Client(s.config).send(new PutObjectCommand({ Bucket: s3.bucket, Key: objectKey, Body: readFileSync(realdata(PHOTO)) }));
    }, 60_000);
    afterAll(async () => {
      await srv?.close();
      await s?.dispose();
    });

    it('refuses a missing or wrong key, another dock, bad bodies and absent objects', async () => {
      expect((await notify(envelope(objectKey), {})).status).toBe(401);
      expect((await notify(envelope(objectKey), { 'x-organization-key': 'nope' })).status).toBe(401);
      expect((await notify(envelope(objectKey), { 'x-organization-key': keys.other })).status).toBe(403);
      expect((await notify('{"tid": ')).status).toBe(400);
      expect((await notify(envelope(objectKey, { pad: 'x'.repeat(10_000) }))).status).toBe(413);
      expect((await notify(envelope(objectKey, { method: 'hms' }))).status).toBe(400);
      expect((await notify(envelope(`${prefix}docks/${serial}/flight-${run}/absent.jpg`))).status).toBe(404);
      expect((await notify(envelope(`${prefix}docks/${serial}X/flight-${run}/DJI_0001.jpg`))).status).toBe(422);
      expect(await s.db.kysely.selectFrom('images').select('id').execute()).toEqual([]);
    });

    it("takes the photo into the dock's flight mission and through the pipeline, once", async () => {
      const res = await notify(envelope(objectKey));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { result: number; imageId: string; missionId: string };
      expect(body.result).toBe(0);
      const image = await waitFor(async () => {
        const v = (await (await srv.as('manager')(`/api/v1/images/${body.imageId}`)).json()) as { status: string; meta: { lat: number; capturedAt: string } };
        return v.status === 'done' ? v : undefined;
      }, 'the notified photo processed');
      expect(image.meta.lat).toBeCloseTo(53.035437857, 6); // the photo's own XMP, not the notification's 53.0
      const mission = await s.missions.get(body.missionId);
      expect(mission).toMatchObject({ dockId: (await s.docks.bySerial(serial))!.id, flight: { flightId: `flight-${run}` } });
      const again = (await (await notify(envelope(objectKey))).json()) as { imageId: string; repeat: boolean };
      expect(again).toMatchObject({ imageId: body.imageId, repeat: true });
      expect(await s.db.kysely.selectFrom('images').select('id').execute()).toHaveLength(1);
    }, 120_000);
  });
});
