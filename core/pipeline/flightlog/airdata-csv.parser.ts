/**
 * Airdata.com CSV export (the DJI flight record as Airdata decodes it): 10 Hz rows with
 * `time(millisecond)`, `datetime(utc)`, lat/lon, heights in feet, compass and gimbal headings.
 */
import type { Track, TrackPoint } from '../../domain.ts';
import { BadInputError } from '../../errors.ts';
import { FEET, cellNum, finishTrack, isFix, point } from './track-utils.ts';
import { parseCsvRows } from './track-utils.ts';

/** True when a CSV header line is Airdata's. */
export const isAirdataHeader = (header: string): boolean => /datetime\(utc\)/i.test(header) && /\blatitude\b/i.test(header);

/**
 * Parses an Airdata CSV. Times: `datetime(utc)` has whole seconds only, so each row's time is the first
 * row's datetime plus its `time(millisecond)` offset (this is also how Airdata's own GPX export is timed).
 * Heights in feet are converted to metres: absAlt from `altitude_above_seaLevel(feet)`, relAlt from
 * `height_above_takeoff(feet)`.
 */
export function parseAirdataCsv(text: string): Track {
  const rows = parseCsvRows(text, { columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, relax_column_count: true, trim: true });
  const first = rows[0];
  if (!first) throw new BadInputError('no_positions', 'the Airdata CSV has no rows');
  const t0 = Date.parse(`${first['datetime(utc)']?.replace(' ', 'T')}Z`) - (cellNum(first['time(millisecond)']) ?? 0);
  if (!Number.isFinite(t0)) throw new BadInputError('unreadable_log', 'the Airdata CSV has no readable datetime(utc) in its first row');
  const points: TrackPoint[] = [];
  for (const r of rows) {
    const lat = cellNum(r.latitude);
    const lon = cellNum(r.longitude);
    const ms = cellNum(r['time(millisecond)']);
    if (!isFix(lat, lon) || ms === null) continue;
    const asl = cellNum(r['altitude_above_seaLevel(feet)']);
    const rel = cellNum(r['height_above_takeoff(feet)']);
    points.push(
      point({
        t: t0 + ms,
        lat: lat!,
        lon: lon!,
        absAlt: asl === null ? null : asl * FEET,
        relAlt: rel === null ? null : rel * FEET,
        heading: cellNum(r['compass_heading(degrees)']),
        gimbalPitch: cellNum(r['gimbal_pitch(degrees)']),
        gimbalYaw: cellNum(r['gimbal_heading(degrees)']),
      }),
    );
  }
  return finishTrack('airdata-csv', points);
}
