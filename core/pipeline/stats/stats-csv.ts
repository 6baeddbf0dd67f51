/** CSV of statistics groups (RFC 4180: CRLF line ends, fields with comma, quote or line break quoted). */
import type { CaseStatsGroup } from './case-stats.ts';

const COLUMNS = ['key', 'new', 'confirmed', 'dismissed', 'closed', 'open', 'overdue', 'medianHoursToClose'] as const;

export function field(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  // A text cell starting with = + - @ is run as a formula by spreadsheet programs: keep it text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The groups as CSV with a header row. `bom` puts a UTF-8 byte-order mark first, which Excel needs to
 * read Chinese district names as UTF-8 rather than GBK; leave it off for programs.
 */
export function toCsv(groups: readonly CaseStatsGroup[], opts: { bom?: boolean } = {}): string {
  const lines = [COLUMNS.join(','), ...groups.map((g) => COLUMNS.map((c) => field(g[c])).join(','))];
  return `${opts.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
