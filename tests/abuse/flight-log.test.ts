/**
 * A flight log too big is refused before parsing (413, nothing kept); one big enough to take seconds is
 * parsed off the API's event loop, so /healthz answers while it is read; one that needs more memory than
 * the parser's heap is refused (422), the server unharmed. SQLite and PostgreSQL.
 */
import { afterEach, expect, it } from 'vitest';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';
import { expectHealthy, filesUnder, gpxTrack, multipart } from './helpers/abuse.harness.ts';

describeEachDb('flight log limits', (kind) => {
  let s: TestServices | undefined;
  let srv: TestServer | undefined;
  afterEach(async () => {
    await srv?.close();
    await s?.dispose();
    srv = s = undefined;
  });

  async function start(overrides: Record<string, string> = {}) {
    s = await createTestServices(kind, overrides);
    srv = await startTestServer(s);
    const { id } = (await (await srv.as('operator')('/api/v1/missions', jsonBody({ name: 'log limits' }))).json()) as { id: string };
    return { s, srv, missionId: id };
  }
  const nothingKept = async (t: TestServices) => {
    expect(await t.db.kysely.selectFrom('flight_logs').selectAll().execute()).toEqual([]);
    expect(await filesUnder(t, 'blobs/originals')).toEqual([]);
    expect(await filesUnder(t, 'blobs/tmp')).toEqual([]);
  };

  it('refuses a log over MAX_FLIGHT_LOG_BYTES with 413 naming the limit, and keeps nothing', async () => {
    const { s, srv, missionId } = await start({ MAX_FLIGHT_LOG_BYTES: String(256 * 1024) });
    const big = gpxTrack(5000);
    expect(big.length).toBeGreaterThan(256 * 1024);
    const { body, contentType } = multipart('file', 'big.gpx', big);
    const res = await srv.as('operator')(`/api/v1/missions/${missionId}/flight-logs`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(`file is larger than the limit of ${256 * 1024} bytes (MAX_FLIGHT_LOG_BYTES)`);
    await nothingKept(s);
    await expectHealthy(srv);
  });

  it('parses a big log off the event loop (tests/unit/api/flight-log-thread.test.ts) and stores the whole track, healthy meanwhile', async () => {
    const { s, srv, missionId } = await start();
    const points = 20_000;
    const { body, contentType } = multipart('file', 'long.gpx', gpxTrack(points));
    let uploadDone = false;
    const upload = srv
      .as('operator')(`/api/v1/missions/${missionId}/flight-logs`, { method: 'POST', headers: { 'content-type': contentType }, body })
      .finally(() => {
        uploadDone = true;
      });
    while (!uploadDone) await expectHealthy(srv);
    const res = await upload;
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ format: 'gpx', points, duplicate: false });
    expect(await s.db.kysely.selectFrom('flight_logs').select('points').execute()).toEqual([{ points }]);
  });

  it('refuses a log that needs more than FLIGHT_LOG_PARSE_HEAP_MB with 422, keeps nothing, and stays up', async () => {
    const { s, srv, missionId } = await start({ FLIGHT_LOG_PARSE_HEAP_MB: '64' });
    const { body, contentType } = multipart('file', 'heavy.gpx', gpxTrack(60_000));
    const res = await srv.as('operator')(`/api/v1/missions/${missionId}/flight-logs`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'log_too_complex', message: expect.stringContaining('FLIGHT_LOG_PARSE_HEAP_MB') });
    await nothingKept(s);
    await expectHealthy(srv);
  });
});
