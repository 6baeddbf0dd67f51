/**
 * The ground-size check on the real pipeline, with a real Dock 3 photo: from 21.6 m up (its laser
 * rangefinder says 20 m to the ground), shipped model 1.2.0 reads crates and cars about a metre long as
 * excavators and tanker trucks. With the check those boxes stay on record, sized and marked, and no
 * finding is filed; with GROUND_SIZE_CHECK=false (the control) the same boxes become findings. A rule
 * for each class everywhere makes sure it is the size check, not the absence of a zone, that holds them back.
 * Those two runs decode the photo at full size (DETECT_RESAMPLE=false), where the crates fool the model; a
 * third run with the defaults shows the photo shrunk to the model's 100 px/m first, and what that changes.
 */
import { beforeAll, expect, it } from 'vitest';
import { seedDatabase } from '../../seeds/seed-database.ts';
import { DOCK3_FOOLED_MODEL, DOCK3_PHOTO } from '../helpers/dock3-photo.ts';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { jsonBody, uploadAndAnalyse } from '../helpers/upload-photo.ts';


type Det = { id: string; class: string; score: number; bbox: number[]; groundSizeM: { longM: number; shortM: number } | null; sizeCheck: string | null; decodeScale: number | null };
type ImageView = { status: string; detections: Det[] };
type Annotated = { status: number; contentType: string | null; bytes: number };

/** Uploads the photo to a fresh server with this configuration and returns its detections and the findings filed from it. */
async function runPhoto(config: Record<string, string>): Promise<{ detections: Det[]; findingDetections: string[]; annotated: Annotated }> {
  let s: TestServices | undefined;
  let srv: TestServer | undefined;
  try {
    s = await createTestServices('sqlite', { ACTIVE_MODEL: DOCK3_FOOLED_MODEL, ...config });
    await seedDatabase(s);
    srv = await startTestServer(s, { workers: true });
    for (const cls of ['excavator', 'tanker_truck']) {
      const rule = { class: cls, zoneKind: '*', violation: `test: ${cls} anywhere`, severity: 'high', rectificationDays: 3, alertImmediately: false };
      expect((await srv.as('admin')('/api/v1/rules', jsonBody(rule, 'PUT'))).status).toBe(200);
    }
    const { imageId, view } = await uploadAndAnalyse<ImageView>(srv, realdata(DOCK3_PHOTO), 'dock 3 at 20 m');
    const findings = (await (await srv.as('manager')('/api/v1/findings')).json()) as GeoJSON.FeatureCollection;
    const findingDetections = findings.features.filter((f) => f.properties?.imageId === imageId).map((f) => String(f.properties?.id));
    // Read the whole body while the server is up: a body read after close() can come back cut short.
    const res = await srv.as('manager')(`/api/v1/images/${imageId}/annotated`);
    const annotated = { status: res.status, contentType: res.headers.get('content-type'), bytes: (await res.arrayBuffer()).byteLength };
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
    on = await runPhoto({ GROUND_SIZE_CHECK: 'true', DETECT_RESAMPLE: 'false' });
    off = await runPhoto({ GROUND_SIZE_CHECK: 'false', DETECT_RESAMPLE: 'false' });
  }, 300_000);

  it('decodes the photo at full size when resampling is off', () => {
    for (const d of [...on.detections, ...off.detections]) expect(d.decodeScale).toBe(1);
  });

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

  it('still draws the held-back boxes on the annotated photo', () => {
    expect(on.annotated.status).toBe(200);
    expect(on.annotated.contentType).toMatch(/image\/jpeg/);
    expect(on.annotated.bytes).toBeGreaterThan(10_000);
  });
});

describeRealdata('a Dock 3 photo from 21.6 m, shrunk to the resolution the model was trained on', () => {
  let native: Awaited<ReturnType<typeof runPhoto>>;
  let shrunk: Awaited<ReturnType<typeof runPhoto>>;
  beforeAll(async () => {
    native = await runPhoto({ DETECT_RESAMPLE: 'false' });
    shrunk = await runPhoto({});
  }, 300_000);

  it("records the scale the model saw: the manifest's 100 px/m over the photo's ~130", () => {
    expect(native.detections.length).toBeGreaterThan(0);
    expect(shrunk.detections.length).toBeLessThan(native.detections.length);
    for (const d of shrunk.detections) {
      expect(d.decodeScale).toBeGreaterThan(0.7);
      expect(d.decodeScale).toBeLessThan(0.85);
    }
  });

  it('still reports boxes in the pixels of the full-size photo, sized on the ground as before', () => {
    expect(shrunk.detections.length).toBeGreaterThan(0);
    for (const d of shrunk.detections) {
      const [x, y, w, h] = d.bbox as [number, number, number, number];
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(4032);
      expect(y + h).toBeLessThanOrEqual(3024);
      expect(d.groundSizeM).not.toBeNull();
    }
  });
});
