/**
 * Patrol coverage: for each zone with `patrolIntervalDays`, the share of its area seen by photo footprints
 * in each interval from `from` to `to`. Correct rather than clever: clip each footprint to the zone, union
 * the pieces, measure (overlapping photos count once).
 */
import { area, bbox, featureCollection, feature, intersect, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { BadInputError } from '../../errors.ts';
import type { Zone } from '../geofence/zone.types.ts';

export interface Footprint {
  polygon: Polygon | MultiPolygon;
  /** ISO-8601. */
  capturedAt: string;
}

export interface CoverageRow {
  zoneId: string;
  intervalStart: string;
  intervalEnd: string;
  /** 0..1 */
  coveredShare: number;
  /** Footprints taken in the interval that touch the zone. */
  photos: number;
}

const DAY_MS = 86_400_000;
type BBox = [number, number, number, number];
const overlaps = (a: BBox, b: BBox): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** Share of one zone covered by the union of footprints (0..1). */
export function coveredShare(zone: Feature<Polygon | MultiPolygon>, footprints: readonly (Polygon | MultiPolygon)[]): number {
  const zb = bbox(zone) as BBox;
  const pieces: Feature<Polygon | MultiPolygon>[] = [];
  for (const fp of footprints) {
    if (!overlaps(zb, bbox(fp) as BBox)) continue;
    const piece = intersect(featureCollection([zone, feature(fp)]));
    if (piece) pieces.push(piece);
  }
  if (pieces.length === 0) return 0;
  const seen = pieces.length === 1 ? pieces[0]! : union(featureCollection(pieces));
  if (!seen) return 0;
  return Math.min(1, area(seen) / area(zone));
}

/**
 * Refuses a range that would cut some zone into more than `maxIntervals` intervals (each is a row and a
 * polygon union: from 1970 to 9999 at 7 days, 420,000 of them per zone, ran the process out of heap).
 */
export function checkCoverageRange(zones: readonly Zone[], from: string, to: string, maxIntervals: number): void {
  const span = Date.parse(to) - Date.parse(from);
  if (!(span > 0)) throw new BadInputError('invalid_range', `"to" (${to}) must be after "from" (${from})`);
  for (const zone of zones) {
    const days = zone.properties.patrolIntervalDays;
    if (!days || days <= 0) continue;
    const intervals = Math.ceil(span / (days * DAY_MS));
    if (intervals > maxIntervals) {
      throw new BadInputError('too_many_intervals', `from ${from} to ${to} is ${intervals} patrol intervals of zone "${zone.properties.name}" (every ${days} days); at most ${maxIntervals} per request (COVERAGE_MAX_INTERVALS): ask for a shorter range`, { zoneId: zone.id, intervals, maxIntervals });
    }
  }
}

/** Coverage per patrolled zone per interval; intervals start at `from`, the last one ends at `to`. */
export function coverage(zones: readonly Zone[], footprints: readonly Footprint[], from: string, to: string, maxIntervals = 400): CoverageRow[] {
  const t0 = Date.parse(from);
  const t1 = Date.parse(to);
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || t1 <= t0) return [];
  checkCoverageRange(zones, from, to, maxIntervals);
  const timed = footprints.map((f) => ({ t: Date.parse(f.capturedAt), polygon: f.polygon, bb: bbox(f.polygon) as BBox }));
  const rows: CoverageRow[] = [];
  for (const zone of zones) {
    const days = zone.properties.patrolIntervalDays;
    if (!days || days <= 0) continue;
    const zb = bbox(zone) as BBox;
    const step = days * DAY_MS;
    for (let s = t0; s < t1; s += step) {
      const e = Math.min(s + step, t1);
      const seen = timed.filter((f) => f.t >= s && f.t < e && overlaps(zb, f.bb)).map((f) => f.polygon);
      rows.push({
        zoneId: zone.id,
        intervalStart: new Date(s).toISOString(),
        intervalEnd: new Date(e).toISOString(),
        coveredShare: seen.length ? coveredShare(zone, seen) : 0,
        photos: seen.length,
      });
    }
  }
  return rows;
}
