/**
 * A photo's ground footprint: the image border, sampled, projected to the ground. Oblique photos see the
 * horizon; their rays that miss the ground (or land beyond `maxDistanceM`) are capped at `maxDistanceM`
 * from the point below the camera along the ray's horizontal direction, so the polygon stays bounded.
 */
import type { Polygon, Position } from 'geojson';
import type { Camera } from './camera.model.ts';
import { pixelRay, rayToGround, type GroundHeightAt } from './ground.projection.ts';
import { localFrame } from './local-frame.geo.ts';

export interface FootprintOptions {
  /** Horizontal cap of the footprint, metres from the point below the camera. Default 500. */
  maxDistanceM?: number;
  /** Points per image side (corners included once). Default 8. */
  samplesPerSide?: number;
  groundHeightAt?: GroundHeightAt;
}

/** The footprint as a GeoJSON Polygon (WGS84, counter-clockwise), or null if no part of the border is capped sensibly. */
export function imageFootprint(cam: Camera, opts: FootprintOptions = {}): Polygon | null {
  const maxD = opts.maxDistanceM ?? 500;
  const n = Math.max(1, opts.samplesPerSide ?? 8);
  const { width: W, height: H } = cam.intrinsics;
  const border: [number, number][] = [];
  for (let i = 0; i < n; i++) border.push([(W * i) / n, 0]);
  for (let i = 0; i < n; i++) border.push([W, (H * i) / n]);
  for (let i = 0; i < n; i++) border.push([W - (W * i) / n, H]);
  for (let i = 0; i < n; i++) border.push([0, H - (H * i) / n]);
  const frame = localFrame(cam.pose.lon, cam.pose.lat);
  const en: [number, number][] = [];
  for (const [u, v] of border) {
    const ray = pixelRay(cam, u, v);
    const hit = rayToGround(cam, ray, { maxDistanceM: maxD, ...(opts.groundHeightAt ? { groundHeightAt: opts.groundHeightAt } : {}) });
    if (hit) {
      en.push([hit.east, hit.north]);
      continue;
    }
    const h = Math.hypot(ray[0], ray[1]);
    if (h < 1e-9) continue; // straight up: no horizontal direction to cap along
    en.push([(ray[0] / h) * maxD, (ray[1] / h) * maxD]);
  }
  if (en.length < 3) return null;
  // Shoelace sign: RFC 7946 wants exterior rings counter-clockwise.
  let area2 = 0;
  for (let i = 0; i < en.length; i++) {
    const a = en[i]!;
    const b = en[(i + 1) % en.length]!;
    area2 += a[0] * b[1] - b[0] * a[1];
  }
  if (Math.abs(area2) < 1e-6) return null;
  if (area2 < 0) en.reverse();
  const ring: Position[] = en.map(([e, nn]) => frame.toLonLat(e, nn));
  ring.push([...ring[0]!]);
  return { type: 'Polygon', coordinates: [ring] };
}
