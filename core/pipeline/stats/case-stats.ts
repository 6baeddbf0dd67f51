/**
 * Case statistics for managers (API.md, `GET /api/v1/stats/cases`): counts by week, district,
 * department, hazard class or status, from plain case rows and `now`.
 */
import { CASE_STATUSES } from '../../domain.ts';
import type { CaseStatus } from '../../domain.ts';
import { parseInstant } from '../cases/case-input.ts';
import { isOverdue } from '../cases/case-lifecycle.ts';
import { OPEN_STATUSES } from '../cases/case-transitions.table.ts';
import { isoWeekKey } from './iso-week.ts';

export { toCsv } from './stats-csv.ts';
export { falsePositiveRateByModel, falsePositiveRateFromDecisions } from './false-positive-rate.ts';

/** One case as the statistics need it. Instants are ISO-8601 strings or Dates. */
export interface CaseStatsRow {
  id: string;
  class: string;
  status: CaseStatus;
  district?: string | null;
  departmentId?: string | null;
  openedAt: string | Date;
  confirmedAt?: string | Date | null;
  dismissedAt?: string | Date | null;
  closedAt?: string | Date | null;
  dueAt?: string | Date | null;
  modelVersion?: string | null;
}

export const STATS_GROUP_BY = ['week', 'district', 'department', 'class', 'status'] as const;
export type StatsGroupBy = (typeof STATS_GROUP_BY)[number];

export interface CaseStatsGroup {
  key: string;
  new: number;
  confirmed: number;
  dismissed: number;
  closed: number;
  open: number;
  overdue: number;
  /** Median of closedAt - openedAt over the closed ones counted here, hours to 0.01; null when none. */
  medianHoursToClose: number | null;
}

/** The key of rows with no district or department. */
export const NO_KEY = '(none)';

export interface StatsWindow {
  from?: string | Date | null;
  to?: string | Date | null;
}

type Counter = Omit<CaseStatsGroup, 'key' | 'medianHoursToClose'> & { hours: number[] };

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 100) / 100;
}

function attributeKey(row: CaseStatsRow, groupBy: Exclude<StatsGroupBy, 'week'>): string {
  if (groupBy === 'district') return row.district || NO_KEY;
  if (groupBy === 'department') return row.departmentId || NO_KEY;
  if (groupBy === 'class') return row.class;
  return row.status;
}

/**
 * Groups case counts. Every count is of events inside the window [from, to): `new` = cases opened,
 * `confirmed` = cases confirmed, `dismissed` = dismissed as false alarms (and still dismissed),
 * `closed` = closed (and still closed), each at its own timestamp; `medianHoursToClose` is over those
 * closed. `open` and `overdue` are the state at `now` of the cases opened in the window. With
 * `groupBy=week` each event falls in the ISO week (Asia/Shanghai, see iso-week.ts) of its own instant,
 * and open/overdue in the week the case was opened; with the other groupings in the case's district,
 * department, class or current status. Groups are sorted by key (statuses in lifecycle order); keys with
 * no events do not appear.
 */
export function groupCaseStats(rows: readonly CaseStatsRow[], groupBy: StatsGroupBy, now: Date, window: StatsWindow = {}): CaseStatsGroup[] {
  const from = window.from ? parseInstant(window.from, 'from').getTime() : -Infinity;
  const to = window.to ? parseInstant(window.to, 'to').getTime() : Infinity;
  const groups = new Map<string, Counter>();
  const bump = (row: CaseStatsRow, at: string | Date | null | undefined, count: (g: Counter) => void) => {
    if (at == null) return;
    const t = parseInstant(at, 'case instant').getTime();
    if (t < from || t >= to) return;
    const key = groupBy === 'week' ? isoWeekKey(at) : attributeKey(row, groupBy);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { new: 0, confirmed: 0, dismissed: 0, closed: 0, open: 0, overdue: 0, hours: [] }));
    count(g);
  };
  for (const row of rows) {
    bump(row, row.openedAt, (g) => {
      g.new++;
      if (OPEN_STATUSES.includes(row.status)) g.open++;
      if (row.dueAt && isOverdue({ status: row.status, dueAt: parseInstant(row.dueAt, 'dueAt').toISOString() }, now)) g.overdue++;
    });
    bump(row, row.confirmedAt, (g) => g.confirmed++);
    if (row.status === 'dismissed') bump(row, row.dismissedAt, (g) => g.dismissed++);
    if (row.status === 'closed' && row.closedAt) {
      const hours = (parseInstant(row.closedAt, 'closedAt').getTime() - parseInstant(row.openedAt, 'openedAt').getTime()) / 3_600_000;
      bump(row, row.closedAt, (g) => {
        g.closed++;
        g.hours.push(hours);
      });
    }
  }
  const order = (k: string) => (groupBy === 'status' ? CASE_STATUSES.indexOf(k as CaseStatus) : 0);
  return [...groups.entries()]
    .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { hours, ...counts }]) => ({ key, ...counts, medianHoursToClose: median(hours) }));
}
