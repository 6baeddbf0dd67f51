/**
 * Checks a flight log for what the operator must be warned about: track points inside a no-fly zone,
 * above the altitude ceiling (relative to take-off), and gaps in the log. Consecutive points with the same
 * problem make one warning (a run), so a minute spent over an airport is one warning, not 600.
 */
import type { Track, TrackPoint } from '../../domain.ts';
import type { ZoneIndex } from '../geofence/zone.index.ts';
import type { ZoneRef } from '../geofence/zone.types.ts';

export interface FlightCheckOptions {
  /** Altitude ceiling above take-off, metres. Default 120 (the usual limit for light drones in China). */
  ceilingM?: number;
  /** A gap longer than this between two samples is reported, seconds. Default 10. */
  maxGapS?: number;
}

export interface FlightWarning {
  kind: 'no-fly' | 'altitude' | 'gap';
  /** First point of the run (for gaps: the last point before it), epoch ms. */
  t: number;
  /** Last point of the run (for gaps: the first point after it), epoch ms. */
  tEnd: number;
  lat: number;
  lon: number;
  message: string;
  zone?: ZoneRef;
  /** Highest height above take-off of an altitude run, m. */
  maxRelAlt?: number;
  gapS?: number;
}

/**
 * Height above take-off of each point, from whatever the log has: its relative height where it has one,
 * else its absolute altitude minus the take-off altitude (the first absolute altitude of the flight), as
 * in a GPX whose `ele` is all there is. Null where neither is known.
 */
export function heightsAboveTakeoff(pts: readonly TrackPoint[]): Array<number | null> {
  const takeoff = pts.find((p) => p.absAlt !== null)?.absAlt ?? null;
  return pts.map((p) => (p.relAlt !== null ? p.relAlt : p.absAlt !== null && takeoff !== null ? p.absAlt - takeoff : null));
}

/** The warnings of one track, ordered by time. */
export function checkFlight(track: Track, index: ZoneIndex, opts: FlightCheckOptions = {}): FlightWarning[] {
  const ceiling = opts.ceilingM ?? 120;
  const maxGapMs = (opts.maxGapS ?? 10) * 1000;
  const pts: TrackPoint[] = [...track.points].sort((a, b) => a.t - b.t);
  const out: FlightWarning[] = [];
  let noFly: FlightWarning | null = null;
  let high: FlightWarning | null = null;
  const heights = heightsAboveTakeoff(pts);

  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    if (i > 0 && p.t - pts[i - 1]!.t > maxGapMs) {
      const q = pts[i - 1]!;
      const gapS = (p.t - q.t) / 1000;
      out.push({ kind: 'gap', t: q.t, tEnd: p.t, lat: q.lat, lon: q.lon, gapS, message: `no log for ${gapS.toFixed(1)} s` });
    }

    const zone = index.zonesAt(p.lon, p.lat).find((z) => z.properties.kind === 'no-fly');
    if (zone && noFly?.zone?.id === zone.id) noFly.tEnd = p.t;
    else {
      noFly = zone
        ? { kind: 'no-fly', t: p.t, tEnd: p.t, lat: p.lat, lon: p.lon, zone: { id: zone.id, kind: 'no-fly', name: zone.properties.name }, message: `inside no-fly zone ${zone.properties.name}` }
        : null;
      if (noFly) out.push(noFly);
    }

    const height = heights[i]!;
    if (height !== null && height > ceiling) {
      if (high) {
        high.tEnd = p.t;
        high.maxRelAlt = Math.max(high.maxRelAlt!, height);
        high.message = `above the ${ceiling} m ceiling (up to ${high.maxRelAlt.toFixed(1)} m above take-off)`;
      } else {
        high = { kind: 'altitude', t: p.t, tEnd: p.t, lat: p.lat, lon: p.lon, maxRelAlt: height, message: `above the ${ceiling} m ceiling (up to ${height.toFixed(1)} m above take-off)` };
        out.push(high);
      }
    } else high = null;
  }
  return out.sort((a, b) => a.t - b.t);
}
