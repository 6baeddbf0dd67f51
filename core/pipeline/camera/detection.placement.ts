/**
 * Detections placed on the ground, each with an uncertainty radius.
 *
 * Uncertainty model (one-sigma-like radius, metres). For a ray at off-nadir angle a from a camera h metres
 * above the ground, with ground distance d = h tan a:
 * - position error of the drone (GNSS, non-RTK): sigmaPosM, default 2 m, added as is;
 * - height error (barometric relative altitude, and the flat-ground assumption): sigmaHeightM, default 3 m,
 *   moves the point radially by sigmaHeightM * tan a (nothing looking straight down, a lot near the horizon);
 * - pitch error (gimbal, intrinsics): sigmaAngleDeg, default 1.5 deg, moves it radially by h / cos^2 a * s
 *   (s in radians): 2.6 m at 100 m nadir, 10.5 m at 60 deg off nadir;
 * - yaw error: the same sigmaAngleDeg, moves it sideways by d * s.
 * The radius is the root sum of squares. The ground point is the box centre's ray (a flat hazard's middle;
 * tall objects seen obliquely land a little beyond their foot, which the angle term covers).
 */
import type { Detection, GroundDetection } from '../../domain.ts';
import type { Camera } from './camera.model.ts';
import { pixelToGround, type ProjectOptions } from './ground.projection.ts';

const DEG = Math.PI / 180;

export interface UncertaintyOptions {
  sigmaPosM?: number;
  sigmaHeightM?: number;
  sigmaAngleDeg?: number;
}

/** Uncertainty radius for a ground hit seen from a height at an off-nadir angle (see the module comment). */
export function uncertaintyRadiusM(heightM: number, offNadirDeg: number, opts: UncertaintyOptions = {}): number {
  const sPos = opts.sigmaPosM ?? 2;
  const sH = opts.sigmaHeightM ?? 3;
  const sA = (opts.sigmaAngleDeg ?? 1.5) * DEG;
  const a = offNadirDeg * DEG;
  const tan = Math.tan(a);
  const cos = Math.cos(a);
  const d = heightM * tan;
  return Math.sqrt(sPos ** 2 + (sH * tan) ** 2 + ((heightM / (cos * cos)) * sA) ** 2 + (d * sA) ** 2);
}

export interface PlaceOptions extends ProjectOptions, UncertaintyOptions {
  /** Rays more than this far from straight down are not placed (too uncertain). Default 80. */
  maxOffNadirDeg?: number;
}

/** Places one detection: ground position of its box centre and the uncertainty radius; nulls if it misses the ground. */
export function placeDetection(cam: Camera, det: Detection, opts: PlaceOptions = {}): GroundDetection {
  const [x, y, w, h] = det.bbox;
  const hit = pixelToGround(cam, x + w / 2, y + h / 2, opts);
  if (!hit || hit.offNadirDeg > (opts.maxOffNadirDeg ?? 80)) return { ...det, lat: null, lon: null, uncertaintyM: null };
  const height = cam.pose.heightM - hit.groundHeightM;
  return { ...det, lat: hit.lat, lon: hit.lon, uncertaintyM: uncertaintyRadiusM(height, hit.offNadirDeg, opts) };
}

/** Places every detection of one photo. A null camera (no pose) leaves every position null. */
export function placeDetections(cam: Camera | null, dets: readonly Detection[], opts: PlaceOptions = {}): GroundDetection[] {
  if (!cam) return dets.map((d) => ({ ...d, lat: null, lon: null, uncertaintyM: null }));
  return dets.map((d) => placeDetection(cam, d, opts));
}
