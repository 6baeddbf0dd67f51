/**
 * Case numbers people can read out on the phone: `DY-2026-000123`, unique and sequential per year. The
 * year is the calendar year in China Standard Time (UTC+8, as the statistics' weeks), so a case opened on
 * 1 January 00:30 local time is numbered in the new year. The sequence itself lives in the database
 * (`case_counters`, one row per year, bumped in the transaction that opens the case).
 */
import { SHANGHAI_OFFSET_MS } from '../stats/iso-week.ts';

export const CASE_NUMBER_PREFIX = 'DY';

/** The numbering year of an instant (ISO-8601 or Date): its calendar year in Asia/Shanghai. */
export function caseYear(instant: string | Date): number {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(t + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** `DY-<year>-<6 digits>`; a year's 1,000,000th case widens the number rather than wrapping. */
export function formatCaseNumber(year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`case sequence must be a positive integer, got ${sequence}`);
  return `${CASE_NUMBER_PREFIX}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Reads a case number back (case-insensitive, surrounding spaces ignored); null when it is not one. */
export function parseCaseNumber(text: string): { year: number; sequence: number } | null {
  const m = /^\s*DY-(\d{4})-(\d{6,})\s*$/i.exec(text);
  return m ? { year: Number(m[1]), sequence: Number(m[2]) } : null;
}
