/**
 * Checks on the free-form parts of a case action (notes, names, instants), shared by the lifecycle and
 * anything else that takes them from a request.
 */
import { BadInputError } from '../../errors.ts';

/** A trimmed text, or null for absent, empty or blank input (a blank reason is no reason). */
export function text(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

/** An instant from an ISO-8601 string or a Date (PostgreSQL drivers give Dates); BadInputError names the field. */
export function parseInstant(value: string | Date, field: string): Date {
  const d = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(d.getTime())) throw new BadInputError('bad_instant', `${field} is not a valid ISO-8601 instant: ${String(value)}`, { field });
  return d;
}

/** `now` plus whole days of 24 h (Asia/Shanghai has no daylight saving, so these are calendar days there too). */
export function addDays(now: Date, days: number): Date {
  if (!Number.isFinite(days) || days <= 0) throw new BadInputError('bad_rule', `rectificationDays must be a positive number, got ${days}`);
  return new Date(now.getTime() + days * 86_400_000);
}
