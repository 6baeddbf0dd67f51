/**
 * Timestamps as photos write them: EXIF "YYYY:MM:DD hh:mm:ss" (no zone), XMP ISO-8601 with or without an
 * offset, DJI's UTCAtExposure ("2025-04-24T17:30:17.428366", UTC by definition but with no "Z").
 */

/** A parsed wall-clock time: epoch ms read as if it were UTC, plus the offset the text carried, if any. */
export interface WallClock {
  /** Milliseconds of the wall-clock fields taken as UTC (not yet corrected by any offset). */
  naiveMs: number;
  /** Offset from UTC in minutes when the text had one ("Z" = 0), else null. */
  offsetMin: number | null;
}

const RE = /^\s*(\d{4})[:-](\d{2})[:-](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/;

/** Parses an EXIF/XMP time; null for anything else, for an all-zero EXIF date, or for an impossible date. */
export function parseWallClock(text: unknown): WallClock | null {
  if (typeof text !== 'string') return null;
  const m = RE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Math.round(Number(`0.${frac || '0'}`) * 1000);
  const naiveMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const back = new Date(naiveMs);
  if (Number(y) < 1980 || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return null;
  let offsetMin: number | null = null;
  if (zone === 'Z') offsetMin = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return { naiveMs, offsetMin };
}

/** Parses an offset such as "+08:00" or "-0530" into minutes; null when absent or malformed. */
export function parseOffset(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^\s*([+-])(\d{2}):?(\d{2})\s*$/.exec(text);
  if (!m) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
