/** Helpers every flight-log parser shares. */
import type { FlightLogFormat, Track, TrackPoint, TrackTimeBase } from '../../domain.ts';
import { BadInputError } from '../../errors.ts';
import { parse, type Options } from 'csv-parse/sync';

export const FEET = 0.3048;

/** A TrackPoint with the optional values defaulted to null. */
export const point = (p: Pick<TrackPoint, 't' | 'lat' | 'lon'> & Partial<TrackPoint>): TrackPoint => ({
  absAlt: null,
  relAlt: null,
  heading: null,
  gimbalPitch: null,
  gimbalYaw: null,
  ...p,
});

/** A finite number from a cell, or null ("", "N/A", NaN). */
export function cellNum(v: string | undefined): number | null {
  if (v === undefined) return null;
  const t = v.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** True for a usable WGS84 fix; (0, 0) is what loggers write before the first fix. */
export const isFix = (lat: number | null, lon: number | null): boolean =>
  lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);

/**
 * Finishes a parse: sorts by time (stable), drops exact time duplicates, and refuses an empty result.
 * @throws BadInputError `no_positions` when the log held no usable position.
 */
export function finishTrack(format: FlightLogFormat, points: TrackPoint[], timeBase: TrackTimeBase = 'utc', warnings: string[] = []): Track {
  if (points.length === 0) throw new BadInputError('no_positions', `the ${format} log contains no usable positions`);
  const sorted = timeBase === 'none' ? points : [...points].sort((a, b) => a.t - b.t);
  const out = sorted.filter((p, i) => i === 0 || p.t !== sorted[i - 1]!.t || timeBase === 'none');
  const track: Track = { format, points: out };
  if (timeBase !== 'utc') track.timeBase = timeBase;
  if (warnings.length > 0) track.warnings = warnings;
  return track;
}

/** UTF-8 text of a log, without a BOM. */
export const textOf = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');

/**
 * CSV rows as objects; a file that is not well-formed CSV (a stray quote, found by fuzzing) is the
 * client's bad input, refused with `unreadable_log`, not an internal error.
 */
export function parseCsvRows(text: string, options: Options): Record<string, string>[] {
  try {
    return parse(text, options) as unknown as Record<string, string>[];
  } catch (error) {
    throw new BadInputError('unreadable_log', `the CSV log cannot be read: ${(error as Error).message}`);
  }
}
