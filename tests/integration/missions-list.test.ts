/**
 * Missions for the list page and the flight-log-only case, on SQLite and PostgreSQL with the real workers:
 * a mission with only a flight log completes; the list pages with a total; a mission with a planned
 * wayline reports how far the flown track strayed from it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';

const LOG = 'logs/airdata_csv/mini-2_Sep-5th-2021-07-23PM-Flight-Airdata.csv';

describeEachDb('missions list', (kind) => {
  describeRealdata('with a real flight log', () => {
    let s: TestServices;
    let server: TestServer;

    beforeAll(async () => {
      s = await createTestServices(kind);
      // A mission's dock must exist.
      await s.geo.upsertDock({ id: 'dock-1', name: 'Dock 1', lat: null, lon: null, droneModel: null });
      server = await startTestServer(s, { workers: true });
    }, 120_000);

    afterAll(async () => {
      await server?.close();
      await s?.dispose();
    });

    it('completes a mission that has only a flight log, and reports its deviation from the planned wayline', async () => {
      const op = server.as('operator');
      const { id } = (await (await op('/api/v1/missions', jsonBody({ name: 'log only', dockId: 'dock-1' }))).json()) as { id: string };
      expect(((await (await op(`/api/v1/missions/${id}`)).json()) as { status: string }).status).toBe('receiving');
      const fd = new FormData();
      fd.append('file', new Blob([readFileSync(realdata(LOG))]), 'flight.csv');
      expect((await op(`/api/v1/missions/${id}/flight-logs`, { method: 'POST', body: fd })).status).toBe(201);
      const done = await waitFor(async () => {
        const m = (await (await op(`/api/v1/missions/${id}`)).json()) as { status: string; track?: { coordinates: [number, number][] } };
        return m.status === 'done' ? m : undefined;
      }, 'the log-only mission to complete');
      // Planned: a straight line from the first logged point to the last; the flown track strays from it.
      const coords = done.track!.coordinates;
      const [first, last] = [coords[0]!, coords.at(-1)!];
      await s.missions.setWayline(id, { waypoints: [{ index: 0, lat: first[1], lon: first[0] }, { index: 1, lat: last[1], lon: last[0] }] } as never);
      const m = (await (await op(`/api/v1/missions/${id}`)).json()) as { deviation: { points: number; maxM: number; meanM: number; p95M: number } | null };
      expect(m.deviation?.points).toBe(coords.length);
      expect(m.deviation!.maxM).toBeGreaterThan(m.deviation!.meanM);
      expect(m.deviation!.p95M).toBeLessThanOrEqual(m.deviation!.maxM);
    }, 120_000);

    it('pages the list with a total, newest first', async () => {
      const op = server.as('operator');
      for (const name of ['b', 'c', 'd']) {
        await new Promise((resolve) => setTimeout(resolve, 5)); // distinct creation times: the list's order
        await op('/api/v1/missions', jsonBody({ name }));
      }
      const all = (await (await op('/api/v1/missions')).json()) as { total: number; missions: { name: string; counts: unknown }[] };
      expect(all.total).toBe(4);
      expect(all.missions.map((m) => m.name)).toEqual(['d', 'c', 'b', 'log only']);
      const page = (await (await op('/api/v1/missions?offset=1&limit=2')).json()) as { total: number; missions: { name: string }[] };
      expect(page).toMatchObject({ total: 4 });
      expect(page.missions.map((m) => m.name)).toEqual(['c', 'b']);
      expect((await op('/api/v1/missions?limit=0')).status).toBe(400);
    });
  });
});
