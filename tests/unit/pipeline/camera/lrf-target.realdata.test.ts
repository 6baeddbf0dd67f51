// The M4TD photo's laser rangefinder measured where the image centre meets the ground: an independent check
// of pixel -> ground. Values are read with exiftool (not with the project's own metadata reader).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ImageMeta } from '../../../../core/domain.ts';
import { cameraFromMeta } from '../../../../core/pipeline/camera/camera.model.ts';
import { pixelToGround } from '../../../../core/pipeline/camera/ground.projection.ts';
import { distanceM } from '../../../../core/pipeline/camera/local-frame.geo.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';
import { hasExiftool } from '../../../helpers/optional-tools.ts';

const FILE = realdata('images/dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg');

type Tags = Record<string, string | number>;
const num = (t: Tags, k: string): number => {
  const v = Number(t[k]);
  if (!Number.isFinite(v)) throw new Error(`exiftool gave no ${k}`);
  return v;
};

(hasExiftool() ? describeRealdata : describe.skip)('M4TD photo vs its laser rangefinder target', () => {
  // A skipped suite is still collected: without exiftool there is nothing to read the tags with.
  if (!hasExiftool()) return void it.skip('needs exiftool', () => undefined);
  const tags = (JSON.parse(execFileSync('exiftool', ['-n', '-json', FILE], { encoding: 'utf8' })) as Tags[])[0]!;
  const meta: ImageMeta = {
    capturedAt: null,
    lat: num(tags, 'GPSLatitude'),
    lon: num(tags, 'GPSLongitude'),
    absAlt: num(tags, 'AbsoluteAltitude'),
    relAlt: num(tags, 'RelativeAltitude'),
    gimbalPitch: num(tags, 'GimbalPitchDegree'),
    gimbalYaw: num(tags, 'GimbalYawDegree'),
    gimbalRoll: num(tags, 'GimbalRollDegree'),
    flightYaw: num(tags, 'FlightYawDegree'),
    flightPitch: num(tags, 'FlightPitchDegree'),
    flightRoll: num(tags, 'FlightRollDegree'),
    make: String(tags.Make),
    model: String(tags.Model),
    width: num(tags, 'ImageWidth'),
    height: num(tags, 'ImageHeight'),
    focalLength: num(tags, 'FocalLength'),
    focal35: num(tags, 'FocalLengthIn35mmFormat'),
    lrfTarget: null,
    timeIsUtc: false,
    positionSource: 'exif',
  };
  const lrf = { lat: num(tags, 'LRFTargetLat'), lon: num(tags, 'LRFTargetLon'), absAlt: num(tags, 'LRFTargetAbsAlt'), distance: num(tags, 'LRFTargetDistance') };

  it('builds a camera from the table (M4TD, 6.72 mm on a 9.7 mm wide sensor)', () => {
    const { camera } = cameraFromMeta(meta);
    expect(camera).not.toBeNull();
    expect(camera!.intrinsics.source).toBe('focal+sensor-table');
    // independent: the 35 mm equivalent (24 mm) on the 5040 px diagonal gives 24/43.27*5040 = 2796 px;
    // the table route must agree within 2 %
    expect(Math.abs(camera!.intrinsics.fx / 2796 - 1)).toBeLessThan(0.02);
  });

  it('projects the image centre within 1 m of the rangefinder target', () => {
    // The ground the laser hit is not at take-off height: AbsoluteAltitude 487.004 - LRFTargetAbsAlt 467.100
    // = 19.90 m below the drone, while RelativeAltitude says 21.569 m above take-off, so the ground there is
    // 1.67 m above the take-off point. Give the projection that ground through the terrain hook.
    const groundAboveTakeoff = meta.relAlt! - (meta.absAlt! - lrf.absAlt);
    expect(groundAboveTakeoff).toBeCloseTo(1.665, 2);
    const { camera } = cameraFromMeta(meta);
    const hit = pixelToGround(camera!, meta.width! / 2, meta.height! / 2, { groundHeightAt: () => groundAboveTakeoff })!;
    // Straight down (pitch -90.00), so the centre lands below the drone; the LRF target lies 0.43 m away
    // (lat +3.6e-6 deg = 0.40 m, lon +2.1e-6 deg = 0.16 m): the gimbal is about 1.2 deg off true vertical,
    // within the angle error of the uncertainty model.
    const d = distanceM(hit.lon, hit.lat, lrf.lon, lrf.lat);
    expect(d).toBeLessThan(1);
    expect(d).toBeGreaterThan(0.3);
    // The slant range agrees with the laser's own distance (19.98 m) within 0.1 m with the LRF ground; with
    // flat take-off ground (21.57 m) it would be off by 1.6 m.
    expect(Math.abs(hit.rangeM - lrf.distance)).toBeLessThan(0.1);
    const flat = pixelToGround(camera!, meta.width! / 2, meta.height! / 2)!;
    expect(Math.abs(flat.rangeM - lrf.distance)).toBeGreaterThan(1.5);
  });
});
