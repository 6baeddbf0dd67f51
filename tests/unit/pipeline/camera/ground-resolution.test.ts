import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeCamera, type Intrinsics } from '../../../../core/pipeline/camera/camera.model.ts';
import { centrePixelsPerMetre, photoPixelsPerMetre } from '../../../../core/pipeline/camera/ground-resolution.ts';
import { readImageMeta } from '../../../../core/pipeline/metadata/read-image-meta.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';

const K: Intrinsics = { width: 4000, height: 3000, fx: 2000, fy: 2000, cx: 2000, cy: 1500, source: 'focal35' };
const at = { lat: 37.5, lon: 118.5, yawDeg: 30, rollDeg: 0 };

describe('centrePixelsPerMetre', () => {
  it('is focal length over height straight down: 2000 px from 100 m is 20 px/m, from 20 m 100 px/m', () => {
    expect(centrePixelsPerMetre(makeCamera(K, { ...at, heightM: 100, pitchDeg: -90 }))).toBeCloseTo(20, 9);
    expect(centrePixelsPerMetre(makeCamera(K, { ...at, heightM: 20, pitchDeg: -90 }))).toBeCloseTo(100, 9);
  });

  it('looking obliquely, the ground at the centre is farther and coarser: 45 degrees down from 100 m is 2000 / 141 m', () => {
    expect(centrePixelsPerMetre(makeCamera(K, { ...at, heightM: 100, pitchDeg: -45 }))).toBeCloseTo(2000 / (100 * Math.SQRT2), 6);
  });

  it('is null when the centre looks at or above the horizon', () => {
    expect(centrePixelsPerMetre(makeCamera(K, { ...at, heightM: 100, pitchDeg: 0 }))).toBeNull();
  });
});

describeRealdata('photoPixelsPerMetre on real photos', () => {
  it('reads a Dock 3 photo from 21.6 m as about 130 px/m (sharper than any patrol height)', async () => {
    const meta = await readImageMeta(readFileSync(realdata('images/dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg')));
    const ppm = photoPixelsPerMetre(meta)!;
    expect(ppm).toBeGreaterThan(115);
    expect(ppm).toBeLessThan(145);
  });

  it('is null for a photo without a relative altitude (an ODM farm photo)', async () => {
    const meta = await readImageMeta(readFileSync(realdata('aerial/farmland_village_drone/odm_DJI_0067.jpg')));
    expect(photoPixelsPerMetre(meta)).toBeNull();
  });
});
