/**
 * ISO-8601 week keys in China Standard Time. Statistics are read by offices in Dongying, so a case opened
 * on Monday 01:00 local time (Sunday 17:00 UTC) belongs to Monday's week. China has kept UTC+8 without
 * daylight saving since 1991, so a fixed offset is exact and needs no time-zone database.
 */
import { parseInstant } from '../cases/case-input.ts';

/** Asia/Shanghai offset from UTC, in milliseconds. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The ISO week (`YYYY-Www`, Monday first, week 1 holds the year's first Thursday) of an instant in Asia/Shanghai. */
export function isoWeekKey(instant: string | Date): string {
  const local = new Date(parseInstant(instant, 'instant').getTime() + SHANGHAI_OFFSET_MS);
  const weekday = local.getUTCDay() || 7; // Monday 1 ... Sunday 7
  // The Thursday of the same week decides the ISO year.
  const thursday = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 4 - weekday);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
