/**
 * The dock bridge end to end on real parts: the Mosquitto broker, a real S3-compatible server (s3rver),
 * Redis, SQLite or PostgreSQL, the workers with the real model. A scripted dock speaks the DJI Cloud API
 * message shapes (DJI-CLOUD-API.md): announces its topology, reports its position, asks for storage, uploads
 * real DJI photos with the keys it was given, reports each file and its flight's progress. The mission,
 * its photos, their findings and its status arrive; replays, stale and malformed messages change nothing;
 * another dock's messages never land in this dock's mission. Serials are unique per run, so parallel runs
 * on the same broker do not meet.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDockBridge, type DockBridge } from '../../api/dock/dock-bridge.ts';
import type { DockRecord } from '../../core/db/repositories/docks.repository.ts';
import { readImageMeta } from '../../core/pipeline/metadata/read-image-meta.ts';
import { seedDatabase } from '../../seeds/seed-database.ts';
import { DOCK3_FOOLED_MODEL, DOCK3_PHOTO } from '../helpers/dock3-photo.ts';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { startTestS3, type TestS3 } from '../helpers/s3-server.ts';
import { ScriptedDock, type StorageGrant } from '../helpers/scripted-dock.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';
import { unzip } from '../helpers/unzip.ts';

/** No capture time of its own: the event's create_time fills it. */
const NO_TIME_PHOTO = 'images/dji_rgb/xmpgem_dji_mavic_jpg_mode.jpg';

type MissionJson = { id: string; dockId: string; status: string; counts: { images: number; processed: number; findings: number }; flight: { flightId: string; status: string; percent: number | null; expectedMedia: number | null } | null };
type ImageJson = { id: string; filename: string; sha256: string; status: string; meta: { lat: number; lon: number; capturedAt: string | null; positionSource: string; gimbalYaw: number | null } };

const mediaEvent = (dock: ScriptedDock, objectKey: string, flightId: string, metadata: Record<string, unknown>, options: { tid?: string; bid?: string } = {}) =>
  dock.envelope('file_upload_callback', { file: { object_key: objectKey, path: '', name: objectKey.split('/').pop(), ext: { flight_id: flightId, drone_model_key: '0-100-1', payload_model_key: '99-0-0', is_original: true }, metadata }, flight_task: { uploaded_file_count: 1, expected_file_count: 2, flight_type: 0 } }, { needReply: true, ...options });

const progress = (dock: ScriptedDock, flightId: string, status: string, percent: number, mediaCount: number | null, timestamp?: number) =>
  dock.envelope('flighttask_progress', { result: 0, output: { status, progress: { current_step: 10, percent }, ext: { flight_id: flightId, track_id: '', wayline_id: 0, current_waypoint_index: 3, wayline_mission_state: 5, ...(mediaCount === null ? {} : { media_count: mediaCount }) } } }, { needReply: true, ...(timestamp ? { timestamp } : {}) });

describeRealdata('dock bridge', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(() => s3?.close());

  describeEachDb('a scripted dock over MQTT and S3', (kind) => {
    const run = randomBytes(4).toString('hex').toUpperCase();
    const serial = `TST${run}A`;
    const otherSerial = `TST${run}B`;
    const flightId = `flight-${run}`;
    let s: TestServices;
    let srv: TestServer;
    let bridge: DockBridge;
    let dock: ScriptedDock;
    let other: ScriptedDock;
    let registered: DockRecord;
    let grant: StorageGrant;
    let missionId: string;
    let firstCallbackTid = '';
    const dockPhoto = readFileSync(realdata(DOCK3_PHOTO));

    beforeAll(async () => {
      s = await createTestServices(kind, { ...s3.env, S3_PREFIX: `${kind}-${run}/`, ACTIVE_MODEL: DOCK3_FOOLED_MODEL, GROUND_SIZE_CHECK: 'false', DETECT_RESAMPLE: 'false', DOCK_MAX_MESSAGE_BYTES: '65536' });
      await seedDatabase(s);
      srv = await startTestServer(s, { workers: true });
      for (const cls of ['excavator', 'tanker_truck']) {
        const rule = { class: cls, zoneKind: '*', violation: `test: ${cls} anywhere`, severity: 'high', rectificationDays: 3, alertImmediately: false };
        expect((await srv.as('admin')('/api/v1/rules', jsonBody(rule, 'PUT'))).status).toBe(200);
      }
      registered = await s.docks.register({ serial, name: `Dock ${run} A` });
      await s.docks.register({ serial: otherSerial, name: `Dock ${run} B` });
      bridge = await startDockBridge(s);
      dock = await ScriptedDock.connect(serial);
      other = await ScriptedDock.connect(otherSerial);
    }, 120_000);
    afterAll(async () => {
      await dock?.close();
      await other?.close();
      await bridge?.stop();
      await srv?.close();
      await s?.dispose();
    });

    it('answers update_topo, marks the dock online and moves it with its OSD', async () => {
      const topo = dock.envelope('update_topo', { domain: '3', type: 3, sub_type: 0, device_secret: 'x', nonce: 'y', thing_version: '1.1.2', sub_devices: [{ sn: `AC${run}`, domain: '0', type: 100, sub_type: 1, index: 'A', device_secret: 'x', nonce: 'y', thing_version: '1.1.2' }] });
      const reply = await dock.call('status', topo);
      expect(reply).toMatchObject({ tid: topo.tid, bid: topo.bid, method: 'update_topo', data: { result: 0 } });
      await dock.publish('osd', dock.envelope(undefined, { mode_code: 0, latitude: 37.4512, longitude: 118.5031, height: 12.3, drone_in_dock: 1 }));
      // the aircraft's own OSD (its serial in the topic) does not move the dock
      await dock.publish('osd', { ...dock.envelope(undefined, { latitude: 10, longitude: 10 }) }, `AC${run}`);
      await bridge.idle();
      const status = await waitFor(async () => {
        const body = (await (await srv.as('operator')('/api/v1/dock-status')).json()) as { docks: Array<{ serial: string; online: boolean; lat: number; lon: number; aircraftSn: string; lastSeenAt: string }> };
        const mine = body.docks.find((d) => d.serial === serial);
        return mine?.lat === 37.4512 ? mine : undefined;
      }, 'dock position');
      expect(status).toMatchObject({ online: true, lon: 118.5031, aircraftSn: `AC${run}` });
      expect(Date.parse(status.lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('hands out storage scoped to the dock prefix and takes in the photos it uploads with it', async () => {
      const ask = dock.envelope('storage_config_get', { module: 0 });
      const reply = await dock.call('requests', ask);
      expect(reply.data.result).toBe(0);
      grant = reply.data.output as unknown as StorageGrant;
      expect(grant).toMatchObject({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', provider: 'minio', object_key_prefix: `${kind}-${run}/docks/${serial}/` });
      expect(grant.credentials.expire).toBeGreaterThan(0);

      expect((await dock.call('events', progress(dock, flightId, 'in_progress', 10, null))).data.result).toBe(0);

      const own = await readImageMeta(readFileSync(realdata(NO_TIME_PHOTO)));
      expect(own.capturedAt).toBeNull(); // the premise: this photo has no time of its own
      const keyA = `${grant.object_key_prefix}${flightId}/DJI_0001_V.jpeg`;
      const keyB = `${grant.object_key_prefix}${flightId}/DJI_0002_V.jpg`;
      await dock.upload(grant, keyA, realdata(DOCK3_PHOTO));
      await dock.upload(grant, keyB, realdata(NO_TIME_PHOTO));
      const eventA = mediaEvent(dock, keyA, flightId, { shoot_position: { lat: 49.2, lng: 12.3 }, absolute_altitude: '487.0', relative_altitude: 21.5, gimbal_yaw_degree: '-91.40', create_time: '2025-04-24 19:29:59' });
      firstCallbackTid = eventA.tid;
      // strings and numbers as docks send them; the position deliberately off so the photo's own must win
      const eventB = mediaEvent(dock, keyB, flightId, { shoot_position: { lat: String(own.lat! + 0.01), lng: own.lon! + 0.01 }, absolute_altitude: 30.5, relative_altitude: '24.9', gimbal_yaw_degree: -46.8, created_time: '2023-08-16 14:00:00' });
      expect((await dock.call('events', eventA)).data).toEqual({ result: 0 });
      expect((await dock.call('events', eventB)).data).toEqual({ result: 0 });
      expect((await dock.call('events', progress(dock, flightId, 'ok', 100, 2))).data.result).toBe(0);

      const missions = (await (await srv.as('operator')('/api/v1/missions')).json()) as { missions: MissionJson[] };
      const mine = missions.missions.filter((m) => m.dockId === registered.id);
      expect(mine).toHaveLength(1);
      missionId = mine[0]!.id;
      const done = await waitFor(async () => {
        const m = (await (await srv.as('operator')(`/api/v1/missions/${missionId}`)).json()) as MissionJson;
        return m.status === 'done' ? m : undefined;
      }, 'the dock mission processed', 240_000);
      expect(done.flight).toEqual({ flightId, status: 'ok', percent: 100, expectedMedia: 2 });
      expect(done.counts).toMatchObject({ images: 2, processed: 2 });
      expect(done.counts.findings).toBeGreaterThan(0);

      const { images } = (await (await srv.as('operator')(`/api/v1/missions/${missionId}/images`)).json()) as { images: ImageJson[] };
      const byName = Object.fromEntries(images.map((i) => [i.filename, i]));
      const a = byName['DJI_0001_V.jpeg']!;
      const b = byName['DJI_0002_V.jpg']!;
      // the photo's own XMP wins where both have a value
      expect(b.meta.lat).toBeCloseTo(own.lat!, 9);
      expect(b.meta.lon).toBeCloseTo(own.lon!, 9);
      expect(b.meta.positionSource).toBe('xmp');
      // the event fills what the photo lacks (its dock clock read at PHOTO_UTC_OFFSET_MIN, +08:00)
      expect(b.meta.capturedAt).toBe('2023-08-16T06:00:00.000Z');
      expect(a.meta.gimbalYaw).toBeCloseTo(-105.1, 3);
      // byte-identical original through the API, read from the bucket
      const original = Buffer.from(await (await srv.as('manager')(`/api/v1/images/${a.id}/original`)).arrayBuffer());
      expect(original.equals(dockPhoto)).toBe(true);
      const findings = (await (await srv.as('manager')('/api/v1/findings')).json()) as GeoJSON.FeatureCollection;
      const finding = findings.features.find((f) => f.properties?.imageId === a.id);
      expect(finding).toBeDefined();
      // the evidence package streams the original out of the bucket, byte-identical
      const caseId = String(finding!.properties!.caseId);
      const zip = await unzip(Buffer.from(await (await srv.as('manager')(`/api/v1/cases/${caseId}/evidence.zip`)).arrayBuffer()));
      expect(zip.get(`originals/${a.sha256}.jpg`)?.equals(dockPhoto)).toBe(true);
    }, 300_000);

    it('changes nothing on replays, stale progress, malformed and unknown messages', async () => {
      const before = await snapshot(s, missionId);
      // the same callback again (same tid/bid): acknowledged, nothing new
      const original = dock.sent.find((e) => e.tid === firstCallbackTid)!;
      expect((await dock.call('events', original)).data.result).toBe(0);
      // a late in_progress from before the end: the flight stays ok
      expect((await dock.call('events', progress(dock, flightId, 'in_progress', 40, null, Date.now() - 3_600_000))).data.result).toBe(0);
      // not JSON, an envelope without tid, an oversized payload, an unknown method, an unknown request
      await dock.publish('events', '{"tid": "x", "bid": ');
      await dock.publish('events', JSON.stringify({ bid: 'b', timestamp: 1, method: 'hms', data: {} }));
      await dock.publish('events', JSON.stringify({ ...dock.envelope('file_upload_callback', { pad: 'x'.repeat(70_000) }, { needReply: true }) }));
      const unknownEvent = dock.envelope('some_future_event', { a: 1 }, { needReply: true });
      expect((await dock.call('events', unknownEvent)).data.result).toBe(0);
      expect((await dock.call('requests', dock.envelope('some_future_request', { a: 1 }))).data.result).toBe(2);
      // config without DJI_APP_* set: not supported (with them, the licence reply; see docs/docks.md)
      expect((await dock.call('requests', dock.envelope('config', { config_type: 'json', config_scope: 'product' }))).data.result).toBe(2);
      expect((await dock.call('requests', dock.envelope('flight_areas_get', {}))).data.result).toBe(0);
      // a reported object that is not in the bucket, one outside the dock's prefix, a bad flight id
      const missing = mediaEvent(dock, `${grant.object_key_prefix}${flightId}/DJI_0099_V.jpeg`, flightId, {});
      expect((await dock.call('events', missing)).data.result).toBe(3);
      const foreign = mediaEvent(dock, `${kind}-${run}/docks/${otherSerial}/${flightId}/DJI_0001_V.jpeg`, flightId, {});
      expect((await dock.call('events', foreign)).data.result).toBe(4);
      const noFlight = dock.envelope('file_upload_callback', { file: { object_key: `${grant.object_key_prefix}x.jpg`, name: 'x.jpg', ext: {}, metadata: {} } }, { needReply: true });
      expect((await dock.call('events', noFlight)).data.result).toBe(1);
      // PPK files are acknowledged and left alone
      expect((await dock.call('events', mediaEvent(dock, `${grant.object_key_prefix}${flightId}/DJI_0001.obs`, flightId, {}))).data.result).toBe(0);
      // a message for this dock's topic naming another gateway is ignored (no reply)
      const spoofed = { ...mediaEvent(dock, `${grant.object_key_prefix}${flightId}/DJI_0001_V.jpeg`, flightId, {}), gateway: otherSerial };
      await dock.publish('events', spoofed);
      // an unregistered serial: ignored, no reply
      const stranger = await ScriptedDock.connect(`TST${run}Z`);
      const strangerEvent = stranger.envelope('storage_config_get', { module: 0 });
      await stranger.publish('requests', strangerEvent);
      await bridge.idle();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await bridge.idle();
      expect(stranger.repliesTo(strangerEvent.tid)).toEqual([]);
      expect(dock.repliesTo(spoofed.tid)).toEqual([]);
      await stranger.close();
      expect(await snapshot(s, missionId)).toEqual(before);
    }, 120_000);

    it("keeps another dock's flight in its own mission, even with the same flight id", async () => {
      const grantB = (await other.call('requests', other.envelope('storage_config_get', { module: 0 }))).data.output as unknown as StorageGrant;
      expect(grantB.object_key_prefix).toBe(`${kind}-${run}/docks/${otherSerial}/`);
      const key = `${grantB.object_key_prefix}${flightId}/DJI_0001_V.jpeg`;
      await other.upload(grantB, key, realdata(NO_TIME_PHOTO));
      expect((await other.call('events', mediaEvent(other, key, flightId, {}))).data.result).toBe(0);
      const missions = await s.db.kysely.selectFrom('missions').select(['id', 'dock_id']).where('flight_id', '=', flightId).execute();
      expect(missions).toHaveLength(2);
      const mineAfter = await snapshot(s, missionId);
      expect(mineAfter.images).toHaveLength(2);
      const theirs = missions.find((m) => m.id !== missionId)!;
      expect(theirs.dock_id).not.toBe(registered.id);
    }, 60_000);

    it('stores HMS alerts on the dock for operators, newest report only', async () => {
      const list = [{ level: 2, module: 3, in_the_sky: 1, code: '0x16100083', device_type: '0-100-1', imminent: 0, args: { component_index: 0, sensor_index: 0 } }];
      const later = dock.envelope('hms', { list });
      const earlier = dock.envelope('hms', { list: [] }, { timestamp: later.timestamp - 10_000 });
      await dock.publish('events', later);
      await dock.publish('events', earlier);
      await bridge.idle();
      const status = await waitFor(async () => {
        const body = (await (await srv.as('operator')('/api/v1/dock-status')).json()) as { docks: Array<{ serial: string; hms: unknown[] }> };
        const mine = body.docks.find((d) => d.serial === serial);
        return mine && mine.hms.length > 0 ? mine : undefined;
      }, 'hms on the dock');
      expect(status.hms).toEqual([{ code: '0x16100083', level: 2, module: 3, inTheSky: true, imminent: false, deviceType: '0-100-1' }]);
    });
  });
});

/** Everything a replay could disturb: the mission row, its images, findings and dock media records. */
async function snapshot(s: TestServices, missionId: string) {
  const mission = await s.db.kysely.selectFrom('missions').selectAll().where('id', '=', missionId).executeTakeFirstOrThrow();
  const images = await s.db.kysely.selectFrom('images').select(['id', 'sha256', 'status', 'meta']).where('mission_id', '=', missionId).orderBy('id').execute();
  const findings = await s.db.kysely.selectFrom('findings').select(['id']).where('mission_id', '=', missionId).orderBy('id').execute();
  const media = await s.db.kysely.selectFrom('dock_media').select(['object_key', 'image_id']).where('dock_id', '=', mission.dock_id!).orderBy('object_key').execute();
  return { mission, images, findings, media };
}

