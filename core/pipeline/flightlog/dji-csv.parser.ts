/**
 * The DJI flight-log CSV that exiftool's Geotag reads (`Id,Time(seconds),Time(text),Latitude,Longitude`).
 * It holds times relative to the start only; the start is in the file name that DJI gives it,
 * `DJI_YYYY-MM-DD_[HH-MM-SS].csv`.
 */
import type { Track, TrackPoint } from '../../domain.ts';
import { cellNum, finishTrack, isFix, point } from './track-utils.ts';
import { parseCsvRows } from './track-utils.ts';

/** True when a CSV header line is this DJI log's. */
export const isDjiCsvHeader = (header: string): boolean => /time\(seconds\)/i.test(header) && /\blatitude\b/i.test(header);

const NAME_TIME = /DJI_(\d{4})-(\d{2})-(\d{2})_\[(\d{2})-(\d{2})-(\d{2})\]/;

/**
 * Parses the DJI csv. Assumption (documented, not knowable from the file): the time in the file name is
 * taken as UTC, giving timeBase 'utc'. Without a dated name the track is 'relative' (ms from the start).
 */
export function parseDjiCsv(text: string, filename = ''): Track {
  const rows = parseCsvRows(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: true });
  const m = NAME_TIME.exec(filename);
  const start = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : 0;
  const points: TrackPoint[] = [];
  for (const r of rows) {
    const lat = cellNum(r.latitude);
    const lon = cellNum(r.longitude);
    const s = cellNum(r['time(seconds)']);
    if (!isFix(lat, lon) || s === null) continue;
    points.push(point({ t: start + Math.round(s * 1000), lat: lat!, lon: lon!, absAlt: cellNum(r['altitude(m)'] ?? r.altitude) }));
  }
  return finishTrack('dji-csv', points, m ? 'utc' : 'relative');
}
