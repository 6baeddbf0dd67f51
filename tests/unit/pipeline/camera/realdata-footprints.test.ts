/**
 * Every real drone photo with a pose under the real-data folder gets a footprint; the one whose camera
 * nobody can know (a test file with a made-up model and no focal length) says so in words instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { cameraFromMeta, identifyCamera } from '../../../../core/pipeline/camera/camera.model.ts';
import { imageFootprint } from '../../../../core/pipeline/camera/footprint.projection.ts';
import { readImageMeta } from '../../../../core/pipeline/metadata/read-image-meta.ts';
import { describeRealdata, REALDATA_DIR } from '../../../helpers/realdata.ts';

function* photos(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    // thermal_fire is a labelled training set of stripped 640x640 frames, no pose in any of them
    if (statSync(p).isDirectory()) {
      if (name !== 'thermal_fire') yield* photos(p);
    } else if (/\.(jpe?g)$/i.test(name)) yield p;
  }
}

describeRealdata('footprints of every real photo with a pose', () => {
  it('places each, or names its unknown camera', async () => {
    const placed: string[] = [];
    const unknown: Array<[string, string]> = [];
    for (const file of photos(REALDATA_DIR)) {
      const meta = await readImageMeta(readFileSync(file));
      const hasPose = meta.lat !== null && meta.lon !== null && meta.relAlt !== null && meta.gimbalPitch !== null && (meta.gimbalYaw ?? meta.flightYaw) !== null;
      if (!hasPose) continue;
      const name = path.relative(REALDATA_DIR, file);
      const { camera } = cameraFromMeta(meta);
      const footprint = camera ? imageFootprint(camera) : null;
      const identity = identifyCamera(meta);
      if (footprint) {
        placed.push(name);
        expect(identity.problem, name).toBeNull();
      } else unknown.push([name, identity.problem ?? '(no reason given)']);
    }
    expect(placed).toEqual(expect.arrayContaining(['images/dji_thermal/thermalparser_DJI_XT2_withGPS.jpg', 'images/dji_thermal/thermalparser_DJI_H20T_withGPS.jpg', 'images/dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg']));
    expect(placed.length).toBeGreaterThanOrEqual(7);
    expect(unknown).toEqual([['images/dji_rgb/xmpgem_dji_mavic_jpg_mode.jpg', expect.stringContaining('camera "DJI Test_Pro" is not in the camera table')]]);
  });
});
