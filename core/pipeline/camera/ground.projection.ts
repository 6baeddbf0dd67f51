/**
 * Pixel <-> ground on a flat ground at take-off height, or on a terrain given by a callback.
 * The ray of pixel (u, v) is forward + (u-cx)/fx * right + (v-cy)/fy * down, from the camera at
 * `heightM` above the take-off ground; it meets the ground where its vertical drop equals the camera's
 * height above the ground there.
 */
import type { Camera, Vec3 } from './camera.model.ts';
import { localFrame } from './local-frame.geo.ts';

const DEG = Math.PI / 180;

/** Ground height in metres relative to the take-off point (up positive) at a place; 0 = flat take-off ground. */
export type GroundHeightAt = (lat: number, lon: number) => number;

export interface ProjectOptions {
  /** Terrain hook; absent = flat ground at take-off height. */
  groundHeightAt?: GroundHeightAt;
  /** Rays meeting the ground farther than this (horizontal metres) count as missing the ground. Default 2000. */
  maxDistanceM?: number;
}

/** Where a pixel's ray meets the ground. */
export interface GroundHit {
  lon: number;
  lat: number;
  /** Offset from the point below the camera, metres. */
  east: number;
  north: number;
  /** Ground height used, relative to take-off, m. */
  groundHeightM: number;
  /** Camera-to-ground distance along the ray, m. */
  rangeM: number;
  /** Angle between the ray and straight down, degrees. */
  offNadirDeg: number;
}

/** The unit ray through a pixel in east-north-up. */
export function pixelRay(cam: Camera, u: number, v: number): Vec3 {
  const { fx, fy, cx, cy } = cam.intrinsics;
  const a = (u - cx) / fx;
  const b = (v - cy) / fy;
  const { forward: f, right: r, down: d } = cam;
  const x = f[0] + a * r[0] + b * d[0];
  const y = f[1] + a * r[1] + b * d[1];
  const z = f[2] + a * r[2] + b * d[2];
  const n = Math.hypot(x, y, z);
  return [x / n, y / n, z / n];
}

/** Intersects a unit ray from the camera with the ground; null if it points up or lands beyond maxDistanceM. */
export function rayToGround(cam: Camera, ray: Vec3, opts: ProjectOptions = {}): GroundHit | null {
  const maxD = opts.maxDistanceM ?? 2000;
  const [x, y, z] = ray;
  if (z >= -1e-9) return null;
  const frame = localFrame(cam.pose.lon, cam.pose.lat);
  let g = opts.groundHeightAt ? opts.groundHeightAt(cam.pose.lat, cam.pose.lon) : 0;
  let t = 0;
  // Fixed-point iteration on the terrain height: exact in one step for flat ground, converges for gentle slopes.
  for (let i = 0; i < (opts.groundHeightAt ? 20 : 1); i++) {
    const drop = cam.pose.heightM - g;
    if (drop <= 0) return null;
    const tNext = drop / -z;
    if (Math.hypot(x * tNext, y * tNext) > maxD) return null;
    t = tNext;
    if (!opts.groundHeightAt) break;
    const [lon, lat] = frame.toLonLat(x * t, y * t);
    const gNext = opts.groundHeightAt(lat, lon);
    if (Math.abs(gNext - g) < 1e-3) break;
    g = gNext;
  }
  const east = x * t;
  const north = y * t;
  const [lon, lat] = frame.toLonLat(east, north);
  return { lon, lat, east, north, groundHeightM: g, rangeM: t, offNadirDeg: Math.acos(Math.min(1, -z)) / DEG };
}

/** Pixel -> ground point, or null when the pixel's ray misses the ground (above the horizon, too far). */
export function pixelToGround(cam: Camera, u: number, v: number, opts: ProjectOptions = {}): GroundHit | null {
  return rayToGround(cam, pixelRay(cam, u, v), opts);
}

/**
 * Ground -> pixel: where a ground point (at `groundHeightM` relative to take-off) appears in the photo;
 * null when it is behind the camera. The pixel may lie outside the image.
 */
export function groundToPixel(cam: Camera, lon: number, lat: number, groundHeightM = 0): [u: number, v: number] | null {
  const [e, n] = localFrame(cam.pose.lon, cam.pose.lat).toEN(lon, lat);
  const w: Vec3 = [e, n, groundHeightM - cam.pose.heightM];
  const dot = (a: Vec3): number => a[0] * w[0] + a[1] * w[1] + a[2] * w[2];
  const zc = dot(cam.forward);
  if (zc <= 1e-9) return null;
  const { fx, fy, cx, cy } = cam.intrinsics;
  return [cx + (fx * dot(cam.right)) / zc, cy + (fy * dot(cam.down)) / zc];
}
