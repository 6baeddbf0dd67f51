/**
 * `from` / `to` query values as people and forms send them: a calendar day (`2026-11-30`, what
 * <input type="date"> gives) or an instant with its offset. A day is read in local time (`offsetMin`
 * from UTC) and `to` includes its whole day, so from=to=a day means that day.
 */
import { z } from '../openapi/registry.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day or an ISO-8601 instant with offset; checked, not yet converted. */
export const dayOrInstant = z.string().refine((v) => (DAY.test(v) ? !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) : z.string().datetime({ offset: true }).safeParse(v).success), {
  message: 'expected a day (2026-11-30) or a date-time with offset (2026-11-30T08:00:00+08:00)',
});

/** The instant (ISO-8601 UTC) a `from` value starts at. */
export function rangeStart(value: string, offsetMin: number): string {
  if (!DAY.test(value)) return new Date(value).toISOString();
  return new Date(Date.parse(`${value}T00:00:00Z`) - offsetMin * 60_000).toISOString();
}

/** The instant (ISO-8601 UTC) a `to` value ends before (exclusive): a day's end is the next midnight. */
export function rangeEnd(value: string, offsetMin: number): string {
  if (!DAY.test(value)) return new Date(value).toISOString();
  return new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000 - offsetMin * 60_000).toISOString();
}
