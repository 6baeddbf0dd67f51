/**
 * A pinhole camera built from a photo's pose: intrinsics (pixels) and orientation (east-north-up unit
 * vectors). Conventions, as DJI writes them in XMP:
 * - yaw: degrees clockwise from true north; pitch: 0 = horizon, -90 = straight down; roll: + = right side down;
 * - gimbal angles are absolute (world frame) on every current DJI drone: the gimbal is stabilised, so the
 *   aircraft's own pitch and roll do not enter. Where a gimbal reports yaw relative to the airframe, pass
 *   `gimbalYawRelative` and aircraft yaw is added. Where there is no gimbal yaw at all, aircraft yaw is used.
 * - height: RelativeAltitude, metres above the take-off point; the ground is assumed to be at take-off
 *   height unless a terrain hook says otherwise (see ground.projection.ts).
 */
import type { ImageMeta } from '../../domain.ts';
import { lensFor, sensorFor, type SensorSpec } from './camera-sensors.table.ts';

const DEG = Math.PI / 180;
/** Diagonal of a 36 x 24 mm frame: the 35 mm equivalent focal length is defined against it. */
const FULL_FRAME_DIAGONAL_MM = Math.hypot(36, 24);

export type Vec3 = [number, number, number];

/** Pixel intrinsics. Pixel coordinates are continuous, (0,0) the top-left corner of the image. */
export interface Intrinsics {
  width: number;
  height: number;
  fx: number;
  fy: number;
  cx: number;
  cy: number;
  /** Where the focal length came from. */
  source: 'focal+sensor-table' | 'focal35' | 'sensor-table';
}

/** Where the camera is and where it looks. */
export interface CameraPose {
  lat: number;
  lon: number;
  /** Metres above the take-off ground. */
  heightM: number;
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
}

/** Intrinsics, pose and the derived axes in east-north-up: forward, image right, image down. */
export interface Camera {
  intrinsics: Intrinsics;
  pose: CameraPose;
  forward: Vec3;
  right: Vec3;
  down: Vec3;
}

/** Orientation axes for a yaw/pitch/roll in degrees (see the module comment for conventions). */
export function cameraAxes(yawDeg: number, pitchDeg: number, rollDeg: number): Pick<Camera, 'forward' | 'right' | 'down'> {
  const y = yawDeg * DEG;
  const p = pitchDeg * DEG;
  const r = rollDeg * DEG;
  const f: Vec3 = [Math.sin(y) * Math.cos(p), Math.cos(y) * Math.cos(p), Math.sin(p)];
  const r0: Vec3 = [Math.cos(y), -Math.sin(y), 0];
  // down = forward x right: at yaw 0, pitch 0 it is (0,0,-1); looking straight down the image top points to yaw.
  const d0: Vec3 = [f[1] * r0[2] - f[2] * r0[1], f[2] * r0[0] - f[0] * r0[2], f[0] * r0[1] - f[1] * r0[0]];
  const c = Math.cos(r);
  const s = Math.sin(r);
  return {
    forward: f,
    right: [c * r0[0] + s * d0[0], c * r0[1] + s * d0[1], c * r0[2] + s * d0[2]],
    down: [c * d0[0] - s * r0[0], c * d0[1] - s * r0[1], c * d0[2] - s * r0[2]],
  };
}

/** A camera from explicit intrinsics and pose (tests, the demo builder). */
export function makeCamera(intrinsics: Intrinsics, pose: CameraPose): Camera {
  return { intrinsics, pose, ...cameraAxes(pose.yawDeg, pose.pitchDeg, pose.rollDeg) };
}

/**
 * Focal length in pixels: the real focal length over the table's sensor width where both are known (the
 * most precise: EXIF focal lengths have two decimals, 35 mm equivalents are rounded to whole mm), else the
 * 35 mm equivalent against the image diagonal, else the table's own lens. Null where nothing is known.
 */
export function intrinsicsFromMeta(meta: Pick<ImageMeta, 'width' | 'height' | 'focalLength' | 'focal35' | 'model'> & Partial<Pick<ImageMeta, 'make' | 'imageSource'>>): Intrinsics | null {
  const { width, height } = meta;
  if (!width || !height) return null;
  const lens = lensFor({ model: meta.model, make: meta.make ?? null, imageSource: meta.imageSource ?? null, width, focalLength: meta.focalLength });
  // An interchangeable lens (FLIR XT/XT2) has no focal length of its own to fall back on.
  const sensor: SensorSpec | null = lens ?? sensorFor(meta.model);
  // Nor has a zoom lens a single focal length to fall back on.
  const ownLens = !lens?.interchangeableLens && !lens?.focalMaxMm;
  let f: number;
  let source: Intrinsics['source'];
  if (sensor && meta.focalLength && meta.focalLength > 0) {
    f = (meta.focalLength / sensor.sensorWidthMm) * width;
    source = 'focal+sensor-table';
  } else if (meta.focal35 && meta.focal35 > 0) {
    f = (meta.focal35 / FULL_FRAME_DIAGONAL_MM) * Math.hypot(width, height);
    source = 'focal35';
  } else if (sensor && ownLens) {
    f = (sensor.focalMm / sensor.sensorWidthMm) * width;
    source = 'sensor-table';
  } else return null;
  return { width, height, fx: f, fy: f, cx: width / 2, cy: height / 2, source };
}

/** Which camera took a photo, as far as the file and the table tell; `problem` says why it cannot be placed. */
export interface CameraIdentity {
  /** The table's name for it (e.g. "Zenmuse H20T IR"), else the file's make and model, else null. */
  name: string | null;
  /** True when the camera table knows the camera. */
  inTable: boolean;
  /** How its focal length in pixels is known; null where it is not. */
  intrinsics: Intrinsics['source'] | null;
  /** Why the photo gets no footprint on the camera's account; null where the camera is usable. */
  problem: string | null;
}

/** Names the camera of a photo and says plainly when it is unknown (so a missing footprint is explained). */
export function identifyCamera(meta: ImageMeta): CameraIdentity {
  const lens = lensFor({ model: meta.model, make: meta.make, imageSource: meta.imageSource ?? null, width: meta.width, focalLength: meta.focalLength });
  const spec = lens ?? sensorFor(meta.model);
  const fileName = [meta.make, meta.model].filter(Boolean).join(' ') || null;
  const k = intrinsicsFromMeta(meta);
  let problem: string | null = null;
  if (!meta.width || !meta.height) problem = 'the image size is unknown';
  else if (!k && spec) problem = `camera "${spec.name}" has an interchangeable or zoom lens and the file gives no focal length`;
  else if (!k) problem = `camera ${fileName ? `"${fileName}"` : '(unnamed)'} is not in the camera table and the file gives no focal length with a known sensor or 35 mm equivalent`;
  return { name: spec?.name ?? fileName, inTable: spec !== null, intrinsics: k?.source ?? null, problem };
}

export interface CameraFromMetaOptions {
  /** The gimbal reports yaw relative to the airframe: add FlightYawDegree. Default false (DJI XMP is absolute). */
  gimbalYawRelative?: boolean;
  /** Use this height above the ground instead of RelativeAltitude (e.g. from a rangefinder). */
  heightAboveGroundM?: number;
}

export type CameraFromMeta = { camera: Camera; missing: [] } | { camera: null; missing: string[] };

/** Builds the camera for a photo, or names what is missing (position, altitude, pitch, yaw, focal length). */
export function cameraFromMeta(meta: ImageMeta, opts: CameraFromMetaOptions = {}): CameraFromMeta {
  const missing: string[] = [];
  const intrinsics = intrinsicsFromMeta(meta);
  if (!intrinsics) missing.push(meta.width && meta.height ? 'focalLength' : 'imageSize');
  if (meta.lat === null || meta.lon === null) missing.push('position');
  const heightM = opts.heightAboveGroundM ?? meta.relAlt;
  if (heightM === null || heightM === undefined) missing.push('relAlt');
  if (meta.gimbalPitch === null) missing.push('gimbalPitch');
  let yaw: number | null;
  if (meta.gimbalYaw === null) yaw = meta.flightYaw;
  else if (opts.gimbalYawRelative) yaw = meta.flightYaw === null ? null : meta.flightYaw + meta.gimbalYaw;
  else yaw = meta.gimbalYaw;
  if (yaw === null) missing.push('yaw');
  if (missing.length > 0 || !intrinsics || yaw === null || heightM == null || meta.lat === null || meta.lon === null || meta.gimbalPitch === null) {
    return { camera: null, missing };
  }
  const pose: CameraPose = { lat: meta.lat, lon: meta.lon, heightM, yawDeg: yaw, pitchDeg: meta.gimbalPitch, rollDeg: meta.gimbalRoll ?? 0 };
  return { camera: makeCamera(intrinsics, pose), missing: [] };
}
