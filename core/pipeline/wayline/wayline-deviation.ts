/**
 * How far the flown track strayed from the planned wayline: each logged point's distance to the planned
 * route (the polyline through the waypoints), summarised as the largest, the 95th percentile and the
 * mean, with where the largest happened. Pure; distances in metres on the ellipsoid's mean radius (Turf).
 */
import { lineString, point, pointToLineDistance } from '@turf/turf';

export interface WaylineDeviation {
  /** Points compared. */
  points: number;
  maxM: number;
  p95M: number;
  meanM: number;
  /** Where the largest deviation happened. */
  at: { lat: number; lon: number; t: number | null };
}

/** Deviation of `track` from the route through `planned`; null when either has fewer than two points. */
export function waylineDeviation(planned: readonly { lat: number; lon: number }[], track: readonly { lat: number; lon: number; t?: number | null }[]): WaylineDeviation | null {
  if (planned.length < 2 || track.length < 2) return null;
  const route = lineString(planned.map((w) => [w.lon, w.lat]));
  const distances = track.map((p) => pointToLineDistance(point([p.lon, p.lat]), route, { units: 'meters' }));
  let worst = 0;
  distances.forEach((d, i) => {
    if (d > distances[worst]!) worst = i;
  });
  const sorted = [...distances].sort((a, b) => a - b);
  const round = (m: number) => Math.round(m * 10) / 10;
  const at = track[worst]!;
  return {
    points: distances.length,
    maxM: round(sorted.at(-1)!),
    p95M: round(sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!),
    meanM: round(distances.reduce((a, b) => a + b, 0) / distances.length),
    at: { lat: at.lat, lon: at.lon, t: at.t ?? null },
  };
}
