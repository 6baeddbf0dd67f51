/**
 * A thermal photo through the whole pipeline: a frame of the held-out thermal fire set (a source frame
 * the shipped dy-thermal never trained on), given a DJI Matrice 3TD infrared pose with exiftool in a temp
 * copy (XMP ImageSource InfraredCamera, position, 60 m, nadir), is routed to the thermal model, detected,
 * placed on the ground and filed as a finding that names dy-thermal; the wide photo of the same shot
 * (its _W twin) goes to the visible model, and each photo's view lists the other. On SQLite and PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, describeEachDb, type TestDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { jsonBody, uploadAndAnalyse } from '../helpers/upload-photo.ts';
import { THERMAL_FIRE_TEST_FRAME } from '../helpers/thermal-frame.ts';

const SHOT = 'DJI_20250424192959_0014';
const POSE = { lat: 37.45, lon: 118.55, relAlt: 60 };

type ImageView = {
  status: string;
  band: string | null;
  shot: Array<{ id: string; filename: string; band: string | null }>;
  meta: { bandReason: string | null; camera: { name: string | null; problem: string | null } | null; thermal: { centreC: number | null; note: string } | null };
  footprint?: GeoJSON.Polygon;
  detections: Array<{ id: string; class: string; score: number; lat: number | null; lon: number | null; modelVersion: string }>;
};

/** Writes a DJI thermal pose into a copy of `src` (exiftool; ImageSource needs a user-defined tag there). */
function withDjiThermalPose(src: string, dir: string, name: string): string {
  const file = path.join(dir, name);
  copyFileSync(src, file);
  const config = path.join(dir, 'dji.config');
  writeFileSync(config, "%Image::ExifTool::UserDefined = ( 'Image::ExifTool::DJI::XMP' => { ImageSource => { } } );\n1;\n");
  execFileSync('exiftool', [
    '-config', config, '-q', '-overwrite_original',
    '-Make=DJI', '-Model=M3TD', '-FocalLength=9.1', '-FocalLengthIn35mmFormat=40', '-DateTimeOriginal=2025:04:24 19:29:59',
    `-GPSLatitude=${POSE.lat}`, '-GPSLatitudeRef=N', `-GPSLongitude=${POSE.lon}`, '-GPSLongitudeRef=E',
    `-XMP-drone-dji:RelativeAltitude=${POSE.relAlt}`, '-XMP-drone-dji:AbsoluteAltitude=70', '-XMP-drone-dji:GimbalPitchDegree=-90',
    '-XMP-drone-dji:GimbalYawDegree=0', '-XMP-drone-dji:GimbalRollDegree=0', '-XMP-drone-dji:FlightYawDegree=0',
    '-XMP-drone-dji:ImageSource=InfraredCamera', file,
  ]);
  return file;
}

describeRealdata('a thermal photo through the pipeline', () => {
  describeEachDb('routed to dy-thermal, placed, filed', (kind: TestDb) => {
    let s: TestServices;
    let srv: TestServer;
    let dir: string;
    let thermal: { imageId: string; view: ImageView };
    let wide: { imageId: string; view: ImageView };
    let xt2: ImageView;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'thermal-'));
      s = await createTestServices(kind);
      srv = await startTestServer(s, { workers: true });
      const rule = { class: 'fire', zoneKind: '*', violation: 'test: open fire anywhere', severity: 'high', rectificationDays: 1, alertImmediately: false };
      expect((await srv.as('admin')('/api/v1/rules', jsonBody(rule, 'PUT'))).status).toBe(200);
      const thermalFile = withDjiThermalPose(realdata('thermal_fire', THERMAL_FIRE_TEST_FRAME), dir, `${SHOT}_T.JPG`);
      const { imageId, missionId, view } = await uploadAndAnalyse<ImageView>(srv, thermalFile, 'night patrol');
      thermal = { imageId, view };
      // the wide twin of the same shot, into the same mission
      const wideFile = path.join(dir, `${SHOT}_W.JPG`);
      copyFileSync(realdata('images/dji_rgb/xmpgem_dji-mavic-3_L2D-20c.jpg'), wideFile);
      const fd = new FormData();
      fd.append('files', new Blob([readFileSync(wideFile)]), path.basename(wideFile));
      const { images } = (await (await srv.as('operator')(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: fd })).json()) as { images: Array<{ id: string }> };
      const wideId = images[0]!.id;
      const wideView = await waitFor(async () => {
        const v = (await (await srv.as('operator')(`/api/v1/images/${wideId}`)).json()) as ImageView;
        return v.status === 'done' ? v : undefined;
      }, 'wide twin analysed');
      wide = { imageId: wideId, view: wideView };
      thermal.view = (await (await srv.as('operator')(`/api/v1/images/${imageId}`)).json()) as ImageView;
      xt2 = (await uploadAndAnalyse<ImageView>(srv, realdata('images/dji_thermal/thermalparser_DJI_XT2_withGPS.jpg'), 'xt2')).view;
    }, 300_000);

    afterAll(async () => {
      await srv?.close();
      await s?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('routes the infrared frame to the thermal band by its XMP ImageSource, and names its camera', () => {
      expect(thermal.view.band).toBe('thermal');
      expect(thermal.view.meta.bandReason).toBe('XMP ImageSource InfraredCamera');
      expect(thermal.view.meta.camera).toMatchObject({ name: 'Matrice 3TD IR', problem: null });
      expect(thermal.view.meta.thermal).toEqual({ centreC: null, maxC: null, note: 'no radiometric data in the file: temperatures unknown' });
      expect(thermal.view.footprint?.type).toBe('Polygon');
    });

    it('reads a FLIR XT2 radiometric photo: thermal band, its temperatures on record, placed by its 19 mm lens', () => {
      expect(xt2.band).toBe('thermal');
      expect(xt2.meta.bandReason).toBe('FLIR radiometric data in the file');
      expect(xt2.meta.camera).toMatchObject({ name: 'FLIR Zenmuse XT/XT2 640 (17 um)', problem: null });
      // the camera's own XMP CentralTemperature says 34
      expect(xt2.meta.thermal).toMatchObject({ centreC: 34.6, note: 'FLIR radiometric: raw counts and Planck constants from the file' });
      expect(xt2.footprint?.type).toBe('Polygon');
      for (const d of xt2.detections) expect(d.modelVersion).toMatch(/^dy-thermal@/);
    });

    it('detects fire with dy-thermal only, and places the boxes on the ground', () => {
      expect(thermal.view.detections.length).toBeGreaterThan(0);
      for (const d of thermal.view.detections) {
        expect(d.modelVersion).toMatch(/^dy-thermal@/);
        expect(d.class).toBe('fire');
        // nadir from 60 m with a 758 px focal length: the whole frame is about 51 m across
        expect(Math.abs(d.lat! - POSE.lat)).toBeLessThan(0.0004);
        expect(Math.abs(d.lon! - POSE.lon)).toBeLessThan(0.0005);
      }
    });

    it('files a thermal finding that names the model, and the map can filter by band', async () => {
      // A manager: the test server's officer has no department, so sees no department's findings.
      const all = (await (await srv.as('manager')('/api/v1/findings?band=thermal')).json()) as GeoJSON.FeatureCollection;
      const mine = all.features.filter((f) => f.properties?.imageId === thermal.imageId);
      expect(mine.length).toBeGreaterThan(0);
      for (const f of mine) {
        expect(f.properties).toMatchObject({ class: 'fire', band: 'thermal', modelVersion: expect.stringMatching(/^dy-thermal@/), severity: 'high', maxTempC: null });
        expect(f.properties?.temperatureNote).toBe('no radiometric data in the file: temperatures unknown');
      }
      const visible = (await (await srv.as('manager')('/api/v1/findings?band=visible')).json()) as GeoJSON.FeatureCollection;
      expect(visible.features.filter((f) => f.properties?.imageId === thermal.imageId)).toEqual([]);
      const byBand = (await (await srv.as('manager')('/api/v1/stats/cases?groupBy=band')).json()) as { groups: Array<{ key: string; new: number }> };
      expect(byBand.groups.find((g) => g.key === 'thermal')?.new).toBeGreaterThan(0);
    });

    it('sends the wide twin to the visible model and links the two as one shot', () => {
      expect(wide.view.band).toBe('visible');
      for (const d of wide.view.detections) expect(d.modelVersion).toMatch(/^dy-hazard@/);
      expect(thermal.view.shot).toEqual([{ id: wide.imageId, filename: `${SHOT}_W.JPG`, band: 'visible', status: 'done' }]);
      expect(wide.view.shot).toEqual([{ id: thermal.imageId, filename: `${SHOT}_T.JPG`, band: 'thermal', status: 'done' }]);
    });

    it("shows the pair together in the case: the case's photo lists its wide twin", async () => {
      const findings = (await (await srv.as('manager')('/api/v1/findings?band=thermal')).json()) as GeoJSON.FeatureCollection;
      const caseId = String(findings.features.find((f) => f.properties?.imageId === thermal.imageId)?.properties?.caseId);
      const detail = (await (await srv.as('manager')(`/api/v1/cases/${caseId}`)).json()) as { findings: Array<{ band: string; modelId: string }>; images: Array<{ id: string; band: string; shot: unknown[] }> };
      expect(detail.findings[0]).toMatchObject({ band: 'thermal', modelId: expect.stringMatching(/^dy-thermal@/) });
      expect(detail.images.find((i) => i.id === thermal.imageId)).toMatchObject({ band: 'thermal', shot: [{ id: wide.imageId, filename: `${SHOT}_W.JPG`, band: 'visible' }] });
    });
  });
});
