/**
 * A flight log without dates through the API (SQLite and PostgreSQL): refused with 422 on a mission
 * without a start time, anchored to the start where the mission has one; never stored as 1970.
 */
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';

const SRT = 'logs/dji_srt/srtparser_p4_rtk.SRT';

describeRealdata('flight logs without dates', () => {
  describeEachDb('anchored or refused', (kind) => {
    let s: TestServices | undefined;
    let srv: TestServer | undefined;
    afterEach(async () => {
      await srv?.close();
      await s?.dispose();
      srv = s = undefined;
    });

    const upload = async (startedAt?: string) => {
      const op = srv!.as('operator');
      const { id } = (await (await op('/api/v1/missions', jsonBody({ name: 'p4 rtk', ...(startedAt ? { startedAt } : {}) }))).json()) as { id: string };
      const fd = new FormData();
      fd.append('file', new Blob([readFileSync(realdata(SRT))]), 'p4_rtk.SRT');
      return op(`/api/v1/missions/${id}/flight-logs`, { method: 'POST', body: fd });
    };

    it('refuses an undated SRT on a mission without a start time, clearly', async () => {
      s = await createTestServices(kind);
      srv = await startTestServer(s);
      const res = await upload();
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('undated_log');
      expect(body.error.message).toContain('startedAt');
      expect(await s.db.kysely.selectFrom('flight_logs').selectAll().execute()).toHaveLength(0);
    });

    it("counts its times from the mission's start", async () => {
      s = await createTestServices(kind);
      srv = await startTestServer(s);
      const res = await upload('2025-04-24T10:00:00+08:00');
      expect(res.status).toBe(201);
      const log = (await res.json()) as { startedAt: string; endedAt: string };
      expect(log.startedAt).toBe('2025-04-24T02:00:00.000Z');
      expect(Date.parse(log.endedAt)).toBeGreaterThan(Date.parse(log.startedAt));
      const stored = await s.db.kysely.selectFrom('flight_logs').select(['started_at']).executeTakeFirstOrThrow();
      expect(stored.started_at).toBe('2025-04-24T02:00:00.000Z');
    });
  });
});
