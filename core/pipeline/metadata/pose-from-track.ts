/**
 * Positions a photo from the mission's flight log when the photo itself has none (thermal R-JPEGs with
 * GPS stripped, cameras without GPS), by linear interpolation between the two log samples around the
 * capture time.
 *
 * Time assumption: a TrackPoint time is a UTC instant. A photo time is either UTC (timeIsUtc true) or
 * the aircraft's zone-less local wall clock written as if it were UTC (timeIsUtc false, see
 * image-time.ts). For the latter the caller passes the local UTC offset in minutes; the default is +480
 * (China Standard Time, UTC+8, no daylight saving), where this platform's docks fly.
 */
import type { ImageMeta, Track, TrackPoint } from '../../domain.ts';

/** The interpolated pose. Angles in degrees normalised to (-180, 180]; altitudes in metres. */
export type TrackPose = Omit<TrackPoint, 't'>;

/** China Standard Time, in minutes east of UTC. */
export const DEFAULT_UTC_OFFSET_MIN = 480;

const norm180 = (a: number): number => {
  const r = ((((a + 180) % 360) + 360) % 360) - 180;
  return r === -180 ? 180 : r;
};

const lerp = (a: number | null, b: number | null, f: number): number | null => (a === null || b === null ? null : a + (b - a) * f);

/** Interpolates angles the short way round (350° -> 10° passes 0°, not 180°). */
const lerpAngle = (a: number | null, b: number | null, f: number): number | null =>
  a === null || b === null ? null : norm180(a + norm180(b - a) * f);

/**
 * The pose at `capturedAtMs` (epoch ms, UTC). Points must be sorted by time, as the flight-log parsers
 * return them. Null when the time lies outside the track, or when the samples around it are more than
 * `maxGapMs` apart (a gap in the log: guessing across it could be hundreds of metres off).
 */
export function poseFromTrack(track: Track, capturedAtMs: number, maxGapMs = 5000): TrackPose | null {
  const pts = track.points;
  if (pts.length === 0 || !Number.isFinite(capturedAtMs)) return null;
  if (capturedAtMs < pts[0]!.t || capturedAtMs > pts[pts.length - 1]!.t) return null;
  let lo = 0;
  let hi = pts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pts[mid]!.t <= capturedAtMs) lo = mid;
    else hi = mid;
  }
  const a = pts[lo]!;
  const b = pts[hi]!;
  if (a.t === capturedAtMs) return poseOf(a, a, 0);
  if (b.t === capturedAtMs) return poseOf(b, b, 0);
  if (b.t - a.t > maxGapMs) return null;
  return poseOf(a, b, (capturedAtMs - a.t) / (b.t - a.t));
}

function poseOf(a: TrackPoint, b: TrackPoint, f: number): TrackPose {
  return {
    lat: a.lat + (b.lat - a.lat) * f,
    lon: a.lon + (b.lon - a.lon) * f,
    absAlt: lerp(a.absAlt, b.absAlt, f),
    relAlt: lerp(a.relAlt, b.relAlt, f),
    heading: lerpAngle(a.heading, b.heading, f),
    gimbalPitch: lerp(a.gimbalPitch, b.gimbalPitch, f),
    gimbalYaw: lerpAngle(a.gimbalYaw, b.gimbalYaw, f),
  };
}

/** Options of completeMetaFromTrack. */
export interface CompleteOptions {
  /** Offset of the photo's local wall clock from UTC, minutes east; used only when meta.timeIsUtc is false. */
  utcOffsetMin?: number;
  maxGapMs?: number;
}

/**
 * A photo's meta completed from a flight log: when the photo has no position (positionSource 'none') and
 * the track covers its capture time, returns a new ImageMeta with the interpolated position, the
 * altitudes, gimbal and aircraft heading it lacked, and positionSource 'flight-log'. Values the photo
 * already had are kept. Otherwise returns `meta` unchanged (still flagged 'none' when it had no position).
 * Works whenever the log arrives: call it again for the mission's positionless photos when a log lands.
 * Tracks whose timeBase is 'relative' or 'none' cannot be matched by time and leave meta unchanged.
 */
export function completeMetaFromTrack(meta: ImageMeta, track: Track, opts: CompleteOptions = {}): ImageMeta {
  const base = track.timeBase ?? 'utc';
  if (meta.positionSource !== 'none' || meta.capturedAt === null || (base !== 'utc' && base !== 'local')) return meta;
  const photoMs = Date.parse(meta.capturedAt);
  const offsetMs = (opts.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN) * 60_000;
  // Bring the photo time onto the track's clock: both UTC, both local wall clock, or shift by the offset.
  let t = photoMs;
  if (base === 'utc' && !meta.timeIsUtc) t = photoMs - offsetMs;
  if (base === 'local' && meta.timeIsUtc) t = photoMs + offsetMs;
  const pose = poseFromTrack(track, t, opts.maxGapMs);
  if (!pose) return meta;
  return {
    ...meta,
    lat: pose.lat,
    lon: pose.lon,
    absAlt: meta.absAlt ?? pose.absAlt,
    relAlt: meta.relAlt ?? pose.relAlt,
    gimbalPitch: meta.gimbalPitch ?? pose.gimbalPitch,
    gimbalYaw: meta.gimbalYaw ?? pose.gimbalYaw,
    flightYaw: meta.flightYaw ?? pose.heading,
    positionSource: 'flight-log',
  };
}
