/**
 * When a photo was taken, in the most trustworthy form the file offers. DJI's DateTimeOriginal is the
 * aircraft's local wall clock with no zone, so it is the last resort and is flagged as not UTC.
 */
import { parseOffset, parseWallClock } from './exif-time.ts';
import { type Bag, num } from './meta-values.ts';

/** capturedAt as ISO-8601 and whether it is a true UTC instant (false: a zone-less local wall clock). */
export interface CaptureTime {
  capturedAt: string | null;
  timeIsUtc: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Order of preference:
 * 1. DJI XMP `UTCAtExposure` (UTC by definition, sub-second);
 * 2. EXIF `DateTimeOriginal` + `OffsetTimeOriginal` (or `OffsetTime`);
 * 3. XMP `CreateDate` carrying an offset, when its wall clock matches DateTimeOriginal (DJI writes
 *    "2025-04-24T19:29:59+02:00" there; the match check keeps out placeholder dates such as 1970-01-01);
 * 4. EXIF `GPSDateStamp` + `GPSTimeStamp` (UTC by the EXIF standard);
 * 5. `DateTimeOriginal` alone, or XMP `CreateDate` alone: the local wall clock written as if it were UTC,
 *    with timeIsUtc false. The flight-log matcher applies the local offset (see pose-from-track.ts).
 */
export function readCaptureTime(exif: Bag, gps: Bag, xmpBasic: Bag, dji: Bag | null): CaptureTime {
  const utcAtExposure = parseWallClock(dji?.UTCAtExposure);
  if (utcAtExposure) return { capturedAt: iso(utcAtExposure.naiveMs - (utcAtExposure.offsetMin ?? 0) * 60_000), timeIsUtc: true };

  const dto = parseWallClock(exif.DateTimeOriginal ?? exif.CreateDate);
  const subSec = typeof exif.SubSecTimeOriginal === 'string' || typeof exif.SubSecTimeOriginal === 'number'
    ? Math.round(Number(`0.${String(exif.SubSecTimeOriginal).trim()}`) * 1000) || 0
    : 0;
  const dtoMs = dto ? dto.naiveMs + (dto.offsetMin === null ? subSec : 0) : null;
  const offset = dto?.offsetMin ?? parseOffset(exif.OffsetTimeOriginal) ?? parseOffset(exif.OffsetTime);
  if (dtoMs !== null && offset !== null) return { capturedAt: iso(dtoMs - offset * 60_000), timeIsUtc: true };

  const xmpCreate = parseWallClock(xmpBasic.CreateDate ?? xmpBasic.DateTimeOriginal);
  if (xmpCreate && xmpCreate.offsetMin !== null && (dto === null || Math.abs(xmpCreate.naiveMs - dto.naiveMs) < 1000)) {
    return { capturedAt: iso((dtoMs ?? xmpCreate.naiveMs) - xmpCreate.offsetMin * 60_000), timeIsUtc: true };
  }

  const gpsMs = gpsTime(gps);
  if (gpsMs !== null) return { capturedAt: iso(gpsMs), timeIsUtc: true };

  if (dtoMs !== null) return { capturedAt: iso(dtoMs), timeIsUtc: false };
  if (xmpCreate) return { capturedAt: iso(xmpCreate.naiveMs), timeIsUtc: false };
  return { capturedAt: null, timeIsUtc: false };
}

/** GPSDateStamp "YYYY:MM:DD" + GPSTimeStamp [h, m, s] as epoch ms, or null. */
function gpsTime(gps: Bag): number | null {
  const date = parseWallClock(gps.GPSDateStamp);
  const t = gps.GPSTimeStamp;
  if (!date || !Array.isArray(t) || t.length < 3) return null;
  const [h, m, s] = t.map(num);
  if (h == null || m == null || s == null) return null;
  return date.naiveMs + Math.round(((h * 60 + m) * 60 + s) * 1000);
}

/**
 * A capture time as the UTC instant it is: a zone-less wall clock (timeIsUtc false, e.g. a thermal
 * photo's bare DateTimeOriginal) is read in the photo clocks' zone, `utcOffsetMin` minutes east of UTC
 * (config PHOTO_UTC_OFFSET_MIN), so a photo taken at 17:08 in Dongying is stored as 09:08Z, not 17:08Z.
 * The assumed offset is kept in `timeOffsetAssumedMin`. Times that carried their zone pass unchanged.
 */
export function captureTimeInUtc<T extends { capturedAt: string | null; timeIsUtc: boolean; timeOffsetAssumedMin?: number | null }>(meta: T, utcOffsetMin: number): T {
  if (meta.timeIsUtc || meta.capturedAt === null) return meta;
  return { ...meta, capturedAt: iso(Date.parse(meta.capturedAt) - utcOffsetMin * 60_000), timeIsUtc: true, timeOffsetAssumedMin: utcOffsetMin };
}
