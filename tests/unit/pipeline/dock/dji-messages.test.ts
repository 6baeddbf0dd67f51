/**
 * The DJI Cloud API message readers, on the shapes DJI-CLOUD-API.md documents (with its sources):
 * topics, the envelope, file_upload_callback (create_time vs created_time, numbers as strings),
 * flighttask_progress (fields under output or at the top, ordering), hms, update_topo and OSD.
 */
import { describe, expect, it } from 'vitest';
import { parseEnvelope, replyEnvelope } from '../../../../core/pipeline/dock/dji-envelope.ts';
import { parseDjiTopic, replyTopic } from '../../../../core/pipeline/dock/dji-topic.ts';
import { osdPosition } from '../../../../core/pipeline/dock/dock-osd.ts';
import { parseFlightProgress, progressApplies } from '../../../../core/pipeline/dock/flight-progress.ts';
import { parseHmsList } from '../../../../core/pipeline/dock/hms-list.ts';
import { parseMediaEvent } from '../../../../core/pipeline/dock/media-event.ts';
import { dockObjectPrefix, dockSessionPolicy } from '../../../../core/pipeline/dock/session-policy.ts';
import { parseTopology } from '../../../../core/pipeline/dock/topo-status.ts';

const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

describe('DJI topics', () => {
  it('reads the five subscribed channels and refuses anything else', () => {
    expect(parseDjiTopic('thing/product/7CTDM1D00B0123/events')).toEqual({ sn: '7CTDM1D00B0123', channel: 'events' });
    expect(parseDjiTopic('sys/product/7CTDM1D00B0123/status')).toEqual({ sn: '7CTDM1D00B0123', channel: 'status' });
    expect(parseDjiTopic('thing/product/1581F5BMD22/osd')).toEqual({ sn: '1581F5BMD22', channel: 'osd' });
    for (const bad of ['thing/product/x/services', 'sys/product/x/events', 'thing/product/../events', 'thing/product/a/b/events', 'thing/other/x/events']) expect(parseDjiTopic(bad)).toBeNull();
    expect(replyTopic({ sn: 'D1', channel: 'requests' })).toBe('thing/product/D1/requests_reply');
    expect(replyTopic({ sn: 'D1', channel: 'status' })).toBe('sys/product/D1/status_reply');
  });
});

describe('DJI envelope', () => {
  const env = { tid: 't-1', bid: 'b-1', timestamp: 1700000000000, gateway: 'D1', method: 'file_upload_callback', need_reply: 1, data: { a: 1 } };

  it('parses the documented envelope and builds the reply DJI expects', () => {
    const parsed = parseEnvelope(bytes(env), 1024);
    expect(parsed).toEqual({ ok: true, envelope: env });
    if (!parsed.ok) return;
    expect(replyEnvelope(parsed.envelope, 0, undefined, 5)).toEqual({ tid: 't-1', bid: 'b-1', timestamp: 5, gateway: 'D1', method: 'file_upload_callback', data: { result: 0 } });
    expect(replyEnvelope(parsed.envelope, 0, { bucket: 'x' }, 5).data).toEqual({ result: 0, output: { bucket: 'x' } });
  });

  it('names what is wrong: size, JSON, missing ids', () => {
    expect(parseEnvelope(bytes(env), 10)).toMatchObject({ ok: false, reason: 'too_large' });
    expect(parseEnvelope(bytes('{"tid":'), 1024)).toMatchObject({ ok: false, reason: 'not_json' });
    expect(parseEnvelope(bytes({ ...env, tid: undefined }), 1024)).toMatchObject({ ok: false, reason: 'bad_envelope', detail: expect.stringContaining('tid') });
    expect(parseEnvelope(bytes([1, 2]), 1024)).toMatchObject({ ok: false, reason: 'bad_envelope' });
  });
});

describe('file_upload_callback', () => {
  const file = (metadata: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    file: { object_key: 'city/docks/D1/f-1/DJI_0001.jpeg', path: 'f-1', name: 'DJI_0001.jpeg', ext: { flight_id: 'f-1', drone_model_key: '0-67-0', payload_model_key: '52-0-0', is_original: true }, metadata },
    ...extra,
  });

  it('reads the documented Dock 2 example, numbers as strings, create_time as the dock clock', () => {
    const r = parseMediaEvent(file({ gimbal_yaw_degree: '-91.40', absolute_altitude: 56.5, relative_altitude: '41.2', create_time: '2021-05-10 16:04:20', shoot_position: { lat: '22.5', lng: 113.9 } }, { flight_task: { uploaded_file_count: 1, expected_file_count: 10, flight_type: 0 } }), 480);
    expect(r).toEqual({
      ok: true,
      event: {
        objectKey: 'city/docks/D1/f-1/DJI_0001.jpeg',
        name: 'DJI_0001.jpeg',
        flightId: 'f-1',
        supplied: { capturedAt: '2021-05-10T08:04:20.000Z', lat: 22.5, lon: 113.9, absAlt: 56.5, relAlt: 41.2, gimbalYaw: -91.4 },
        expectedFiles: 10,
        isOriginal: true,
      },
    });
  });

  it("reads created_time with a zone (the Java demo's format) and leaves out what is absent or impossible", () => {
    const r = parseMediaEvent(file({ created_time: '2024-03-01T10:00:00+08:00', shoot_position: { lat: 0, lng: 0 }, gimbal_yaw_degree: 'north' }), 480);
    expect(r.ok && r.event.supplied).toEqual({ capturedAt: '2024-03-01T02:00:00.000Z', lat: null, lon: null, absAlt: null, relAlt: null, gimbalYaw: null });
    expect(r.ok && r.event.expectedFiles).toBeNull();
  });

  it('refuses an event without an object key or flight id, or with a key that climbs out', () => {
    expect(parseMediaEvent({ file: { ext: { flight_id: 'f' } } }, 480)).toMatchObject({ ok: false });
    expect(parseMediaEvent({ file: { object_key: 'a/b.jpg', ext: {} } }, 480)).toMatchObject({ ok: false, detail: expect.stringContaining('flight_id') });
    expect(parseMediaEvent({ file: { object_key: 'a/../b.jpg', ext: { flight_id: 'f' } } }, 480)).toMatchObject({ ok: false });
    expect(parseMediaEvent('nonsense', 480)).toMatchObject({ ok: false });
  });
});

describe('flighttask_progress', () => {
  it('reads the fields under output (the example) or at the top (the table)', () => {
    const nested = { result: 0, output: { status: 'in_progress', progress: { current_step: 19, percent: 40 }, ext: { flight_id: 'f-1', media_count: 12, track_id: 't', wayline_mission_state: 5 } } };
    expect(parseFlightProgress(nested, 'b')).toEqual({ flightId: 'f-1', status: 'in_progress', percent: 40, mediaCount: 12, result: 0 });
    const flat = { result: 0, status: 'ok', progress: { percent: '100' }, ext: { flight_id: 'f-2' } };
    expect(parseFlightProgress(flat, 'b')).toEqual({ flightId: 'f-2', status: 'ok', percent: 100, mediaCount: null, result: 0 });
  });

  it('falls back to bid as the flight id, as in the real failure report (Cloud-API-Doc #40)', () => {
    const real = { result: 314004, output: { status: 'failed', progress: { current_step: 0, percent: 0 }, ext: { track_id: '', wayline_id: 65535 } } };
    expect(parseFlightProgress(real, 'the-flight')).toEqual({ flightId: 'the-flight', status: 'failed', percent: 0, mediaCount: null, result: 314004 });
    expect(parseFlightProgress({ output: { status: 'flying' } }, 'b')).toEqual({ error: expect.stringContaining('flying') });
  });

  it('never lets an older or repeated event overwrite a newer one, nor a finished task run again', () => {
    expect(progressApplies({ status: null, eventMs: null }, 'in_progress', 10)).toBe(true);
    expect(progressApplies({ status: 'in_progress', eventMs: 10 }, 'ok', 20)).toBe(true);
    expect(progressApplies({ status: 'ok', eventMs: 20 }, 'ok', 20)).toBe(false);
    expect(progressApplies({ status: 'ok', eventMs: 20 }, 'in_progress', 15)).toBe(false);
    expect(progressApplies({ status: 'ok', eventMs: 20 }, 'in_progress', 30)).toBe(false);
    expect(progressApplies({ status: 'partially_done', eventMs: 20 }, 'ok', 30)).toBe(true);
  });
});

describe('hms, update_topo, osd', () => {
  it('reads the HMS list as documented, skipping entries without code or level', () => {
    const list = [{ level: 2, module: 3, in_the_sky: 0, code: '0x16100083', device_type: '0-67-0', imminent: 1, args: { component_index: 0, sensor_index: 0 } }, { level: 1 }];
    expect(parseHmsList({ list })).toEqual([{ code: '0x16100083', level: 2, module: 3, inTheSky: false, imminent: true, deviceType: '0-67-0' }]);
    expect(parseHmsList({ list: [] })).toEqual([]);
    expect(parseHmsList({})).toEqual({ error: 'data.list is not a list' });
  });

  it('reads the aircraft from update_topo; an empty list means none', () => {
    expect(parseTopology({ domain: '3', type: 2, sub_type: 0, thing_version: '1.1.2', sub_devices: [{ sn: '1581F5BMD22', domain: '0', type: 91, sub_type: 0, index: 'A' }] })).toEqual({ aircraftSn: '1581F5BMD22' });
    expect(parseTopology({ sub_devices: [] })).toEqual({ aircraftSn: null });
  });

  it('takes a position from OSD only where one is given', () => {
    expect(osdPosition({ latitude: 37.45, longitude: 118.5, height: 12 })).toEqual({ lat: 37.45, lon: 118.5 });
    expect(osdPosition({ network_state: { type: 2, quality: 5 } })).toBeNull();
    expect(osdPosition({ latitude: 0, longitude: 0 })).toBeNull();
  });
});

describe('dock storage scope', () => {
  it("limits a dock's keys to its own prefix", () => {
    const prefix = dockObjectPrefix('city-a/', 'D1');
    expect(prefix).toBe('city-a/docks/D1/');
    const policy = JSON.parse(dockSessionPolicy('enforcement', prefix)) as { Statement: Array<{ Resource: string[]; Action: string[] }> };
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]!.Resource).toEqual(['arn:aws:s3:::enforcement/city-a/docks/D1/*']);
    expect(policy.Statement[0]!.Action).not.toContain('s3:DeleteObject');
  });
});
