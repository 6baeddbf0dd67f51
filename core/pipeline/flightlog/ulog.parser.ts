/**
 * PX4 ULog -> track. Position from `vehicle_gps_position` (PX4 <= 1.13: int32 lat/lon in 1e-7 degrees,
 * alt in mm), `sensor_gps` (>= 1.14: double latitude_deg/longitude_deg, altitude_msl_m), or failing both
 * `vehicle_global_position` (double lat/lon, float alt). Time: the GPS `time_utc_usec` when the receiver
 * gave one (timeBase 'utc'); otherwise the boot-relative `timestamp` ('relative').
 */
import type { Track, TrackPoint } from '../../domain.ts';
import { BadInputError } from '../../errors.ts';
import { finishTrack, isFix, point } from './track-utils.ts';
import { type UlogRecord, readUlog } from './ulog-reader.ts';

const TOPICS = ['vehicle_gps_position', 'sensor_gps', 'vehicle_global_position'] as const;

/** Parses a ULog into a track. Data cut off at the end (a truncated file) is kept up to the last whole message and reported in warnings. */
export function parseUlog(bytes: Uint8Array): Track {
  const u = readUlog(bytes, TOPICS);
  for (const topic of TOPICS) {
    const samples = (u.topics.get(topic)?.[0]?.records ?? []).map((r) => toSample(topic, r)).filter((s) => s !== null);
    if (samples.length === 0) continue;
    const utc = samples.every((s) => s.utcMs !== null);
    const points = samples.map((s) => ({ ...s.point, t: utc ? s.utcMs! : s.relMs }));
    return finishTrack('px4-ulog', points, utc ? 'utc' : 'relative', u.truncated ? ['truncated: the ULog ends inside a message; data up to the last whole message kept'] : []);
  }
  throw new BadInputError('no_positions', 'the ULog has no GPS or global-position data');
}

interface Sample { point: TrackPoint; utcMs: number | null; relMs: number }

function toSample(topic: (typeof TOPICS)[number], r: UlogRecord): Sample | null {
  let lat: number | undefined;
  let lon: number | undefined;
  let alt: number | undefined;
  if (topic === 'vehicle_gps_position' && r.lat !== undefined) [lat, lon, alt] = [r.lat / 1e7, r.lon! / 1e7, r.alt! / 1000];
  else if (r.latitude_deg !== undefined) [lat, lon, alt] = [r.latitude_deg, r.longitude_deg!, r.altitude_msl_m];
  else if (r.lat !== undefined) [lat, lon, alt] = [r.lat, r.lon!, r.alt];
  if (lat === undefined || lon === undefined || !isFix(lat, lon)) return null;
  if (r.fix_type !== undefined && r.fix_type < 2) return null; // no 2D/3D fix: the position is stale or zero
  const relMs = Math.round((r.timestamp ?? 0) / 1000);
  const utcUs = r.time_utc_usec ?? 0;
  const heading = r.heading !== undefined && Number.isFinite(r.heading) ? (((r.heading * 180) / Math.PI) % 360 + 360) % 360 : null;
  return { point: point({ t: relMs, lat, lon, absAlt: alt ?? null, heading }), utcMs: utcUs > 0 ? Math.round(utcUs / 1000) : null, relMs };
}
