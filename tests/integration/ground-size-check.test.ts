/**
 * The ground-size check on the real pipeline, with a real Dock 3 photo: from 21.6 m up (its laser
 * rangefinder says 20 m to the ground), the shipped model reads crates and cars about a metre long as
 * excavators and tanker trucks. With the check those boxes stay on record, sized and marked, and no
 * finding is filed; with GROUND_SIZE_CHECK=false (the control) the same boxes become findings. A rule
 * for each class everywhere makes sure it is the size check, not the absence of a zone, that holds them back.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { seedDatabase } from '../../seeds/seed-database.ts';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';

const DOCK3_PHOTO = 'images/dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg';
const json = (body: unknown, method = 'POST') => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

type Det = { id: string; class: string; score: number; bbox: number[]; groundSizeM: { longM: number; shortM: number } | null; sizeCheck: string | null };
type ImageView = { status: string; detections: Det[] };

/** Uploads the photo to a fresh server (check on or off) and returns its detections and the findings filed from it. */
async function runPhoto(checkOn: boolean): Promise<{ detections: Det[]; findingDetections: string[]; annotated: Response }> {
  let s: TestServices | undefined;
  let srv: TestServer | undefined;
  try {
    s = await createTestServices('sqlite', { GROUND_SIZE_CHECK: String(checkOn) });
    await seedDatabase(s);
    srv = await startTestServer(s, { workers: true });
    for (const cls of ['excavator', 'tanker_truck']) {
      const rule = { class: cls, zoneKind: '*', violation: `test: ${cls} anywhere`, severity: 'high', rectificationDays: 3, alertImmediately: false };
      expect((await srv.as('admin')('/api/v1/rules', json(rule, 'PUT'))).status).toBe(200);
    }
    const op = srv.as('operator');
    const { id: missionId } = (await (await op('/api/v1/missions', json({ name: 'dock 3 at 20 m' }))).json()) as { id: string };
    const fd = new FormData();
    fd.append('files', new Blob([readFileSync(realdata(DOCK3_PHOTO))]), 'DJI_0014_V.jpeg');
    const { images } = (await (await op(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: fd })).json()) as { images: Array<{ id: string }> };
    const imageId = images[0]!.id;
    const view = await waitFor(async () => {
      const v = (await (await op(`/api/v1/images/${imageId}`)).json()) as ImageView;
      return v.status === 'done' ? v : undefined;
    }, 'the Dock 3 photo analysed', 120_000);
    const findings = (await (await srv.as('officer')('/api/v1/findings')).json()) as GeoJSON.FeatureCollection;
    const findingDetections = findings.features.filter((f) => f.properties?.imageId === imageId).map((f) => String(f.properties?.id));
    const annotated = await srv.as('officer')(`/api/v1/images/${imageId}/annotated`);
    return { detections: view.detections, findingDetections, annotated };
  } finally {
    await srv?.close();
    await s?.dispose();
  }
}

describeRealdata('ground-size check on a real Dock 3 photo', () => {
  let on: Awaited<ReturnType<typeof runPhoto>>;
  let off: Awaited<ReturnType<typeof runPhoto>>;
  beforeAll(async () => {
    on = await runPhoto(true);
    off = await runPhoto(false);
  }, 300_000);

  it('sizes every box from the photo pose: metre-sized "vehicles" from 20 m up', () => {
    const vehicles = on.detections.filter((d) => d.class === 'excavator' || d.class === 'tanker_truck');
    expect(vehicles.length).toBeGreaterThan(0);
    for (const d of vehicles) {
      expect(d.groundSizeM).not.toBeNull();
      expect(d.groundSizeM!.longM).toBeLessThan(2.5);
      expect(d.sizeCheck).toBe('too_small');
    }
  });

  it('files none of the held-back boxes, while the control without the check files them all', () => {
    const held = on.detections.filter((d) => d.sizeCheck === 'too_small' || d.sizeCheck === 'too_large').map((d) => d.id);
    expect(held.length).toBeGreaterThan(0);
    for (const id of held) expect(on.findingDetections).not.toContain(id);
    // the control: same photo, same model, same rules, check off -> the same boxes are findings
    const vehicles = (dets: Det[]) => dets.filter((d) => d.class === 'excavator' || d.class === 'tanker_truck');
    const boxes = (dets: Det[]) => dets.map((d) => `${d.class} ${d.bbox.join(',')}`).sort();
    const offVehicles = vehicles(off.detections);
    expect(boxes(offVehicles)).toEqual(boxes(vehicles(on.detections)));
    for (const d of offVehicles) {
      expect(d.sizeCheck).toBeNull();
      expect(off.findingDetections).toContain(d.id);
    }
  });

  it('still draws the held-back boxes on the annotated photo', async () => {
    expect(on.annotated.status).toBe(200);
    expect(on.annotated.headers.get('content-type')).toMatch(/image\/jpeg/);
    expect((await on.annotated.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
  });
});

