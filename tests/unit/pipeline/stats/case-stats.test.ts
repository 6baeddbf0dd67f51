import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { falsePositiveRateByModel, groupCaseStats, toCsv } from '../../../../core/pipeline/stats/case-stats.ts';
import type { CaseStatsGroup, CaseStatsRow } from '../../../../core/pipeline/stats/case-stats.ts';

// Wednesday 2025-01-08 08:00 in Shanghai (2025-W02).
const NOW = new Date('2025-01-08T00:00:00Z');
const D1 = '东营区';
const D2 = '河口区';
// Weeks (Shanghai time) written next to each instant; hours to close by hand.
const rows: CaseStatsRow[] = [
  // A: opened Sun 12-29 18:00 (2024-W52), confirmed 20:00 (W52), closed Tue 12-31 (2025-W01) after 48 h
  { id: 'A', class: 'fire', status: 'closed', district: D1, departmentId: 'd1', openedAt: '2024-12-29T10:00:00Z', confirmedAt: '2024-12-29T12:00:00Z', closedAt: '2024-12-31T10:00:00Z', dueAt: '2025-01-05T00:00:00Z', modelVersion: 'v1' },
  // B: opened Mon 12-30 01:00 (2025-W01), dismissed (W01)
  { id: 'B', class: 'fire', status: 'dismissed', district: D1, departmentId: 'd1', openedAt: '2024-12-29T17:00:00Z', dismissedAt: '2024-12-30T01:00:00Z', modelVersion: 'v1' },
  // C: W01, confirmed W01, dispatched, due 01-06 < now: overdue
  { id: 'C', class: 'smoke', status: 'dispatched', district: D2, departmentId: 'd2', openedAt: '2024-12-30T02:00:00Z', confirmedAt: '2024-12-30T03:00:00Z', dueAt: '2025-01-06T02:00:00Z', modelVersion: 'v1' },
  // D: W01, closed Fri 01-03 14:00 (W01) after 30 h
  { id: 'D', class: 'smoke', status: 'closed', district: D2, departmentId: 'd2', openedAt: '2025-01-02T00:00:00Z', confirmedAt: '2025-01-02T01:00:00Z', closedAt: '2025-01-03T06:00:00Z', dueAt: '2025-01-09T00:00:00Z', modelVersion: 'v2' },
  // E: Mon 01-06 08:00 (W02), rectified: past its due date but not overdue
  { id: 'E', class: 'excavator', status: 'rectified', district: D1, departmentId: 'd1', openedAt: '2025-01-06T00:00:00Z', confirmedAt: '2025-01-06T02:00:00Z', dueAt: '2025-01-07T00:00:00Z', modelVersion: 'v2' },
  // F: Wed 01-08 04:00 (W02), no district, no department, no model version
  { id: 'F', class: 'excavator', status: 'new', district: null, departmentId: null, openedAt: '2025-01-07T20:00:00Z', modelVersion: null },
  // G: W01, closed Wed 01-01 (W01) after 24 h
  { id: 'G', class: 'fire', status: 'closed', district: D1, departmentId: 'd1', openedAt: '2024-12-31T00:00:00Z', confirmedAt: '2024-12-31T01:00:00Z', closedAt: '2025-01-01T00:00:00Z', modelVersion: 'v1' },
  // H: W02, dismissed W02
  { id: 'H', class: 'smoke', status: 'dismissed', district: D2, departmentId: 'd2', openedAt: '2025-01-06T01:00:00Z', dismissedAt: '2025-01-06T03:00:00Z', modelVersion: 'v2' },
  // I: W01, confirmed, due one second before now: overdue
  { id: 'I', class: 'smoke', status: 'confirmed', district: D2, departmentId: 'd2', openedAt: '2025-01-03T00:00:00Z', confirmedAt: '2025-01-03T02:00:00Z', dueAt: '2025-01-07T23:59:59Z', modelVersion: 'v2' },
];

const g = (key: string, n: number, confirmed: number, dismissed: number, closed: number, open: number, overdue: number, median: number | null): CaseStatsGroup =>
  ({ key, new: n, confirmed, dismissed, closed, open, overdue, medianHoursToClose: median });

describe('groupCaseStats', () => {
  it('by week, across the year boundary, each event in its own week', () => {
    expect(groupCaseStats(rows, 'week', NOW)).toEqual([
      g('2024-W52', 1, 1, 0, 0, 0, 0, null), // A opened and confirmed
      g('2025-W01', 5, 4, 1, 3, 2, 2, 30), // opened B C D G I; confirmed C D G I; dismissed B; closed A(48) D(30) G(24); open C I; overdue C I
      g('2025-W02', 3, 1, 1, 0, 2, 0, null), // opened E F H; confirmed E; dismissed H; open E F
    ]);
  });
  it('by district, with rows lacking one under (none)', () => {
    expect(groupCaseStats(rows, 'district', NOW)).toEqual([
      g('(none)', 1, 0, 0, 0, 1, 0, null),
      g(D1, 4, 3, 1, 2, 1, 0, 36), // A B E G; closed A(48) G(24): median 36
      g(D2, 4, 3, 1, 1, 2, 2, 30), // C D H I
    ]);
  });
  it('by department', () => {
    expect(groupCaseStats(rows, 'department', NOW).map((x) => [x.key, x.new, x.overdue])).toEqual([['(none)', 1, 0], ['d1', 4, 0], ['d2', 4, 2]]);
  });
  it('by status, in lifecycle order', () => {
    expect(groupCaseStats(rows, 'status', NOW)).toEqual([
      g('new', 1, 0, 0, 0, 1, 0, null),
      g('confirmed', 1, 1, 0, 0, 1, 1, null),
      g('dismissed', 2, 0, 2, 0, 0, 0, null),
      g('dispatched', 1, 1, 0, 0, 1, 1, null),
      g('rectified', 1, 1, 0, 0, 1, 0, null),
      g('closed', 3, 3, 0, 3, 0, 0, 30),
    ]);
  });
  it('by class inside a window: events in [from, to), open/overdue of the cases opened in it', () => {
    // from Tue 2024-12-31 00:00 Shanghai to Mon 2025-01-06 08:00 Shanghai (exclusive): opened D G I; confirmed D G I;
    // closed A G D (A opened before the window still counts as closed in it); E opened exactly at `to` is out.
    const got = groupCaseStats(rows, 'class', NOW, { from: '2024-12-30T16:00:00Z', to: new Date('2025-01-06T00:00:00Z') });
    expect(got).toEqual([
      g('fire', 1, 1, 0, 2, 0, 0, 36), // G; closed A(48) G(24)
      g('smoke', 2, 2, 0, 1, 1, 1, 30), // D I; closed D; I open and overdue
    ]);
  });
  it('counts a dismissal or closure only while the case stays so (a reopened case is open again)', () => {
    const reopened: CaseStatsRow = { id: 'R', class: 'fire', status: 'new', openedAt: '2025-01-01T00:00:00Z', closedAt: '2025-01-02T00:00:00Z', dismissedAt: '2025-01-02T00:00:00Z' };
    expect(groupCaseStats([reopened], 'class', NOW)).toEqual([g('fire', 1, 0, 0, 0, 1, 0, null)]);
  });
  it('rounds the median to hundredths of an hour: 20 min -> 0.33; even count takes the mean of the middle two', () => {
    const quick = (id: string, minutes: number): CaseStatsRow => ({ id, class: 'fire', status: 'closed', openedAt: '2025-01-01T00:00:00Z', closedAt: new Date(Date.UTC(2025, 0, 1) + minutes * 60_000) });
    expect(groupCaseStats([quick('a', 20)], 'class', NOW)[0]!.medianHoursToClose).toBe(0.33);
    expect(groupCaseStats([quick('a', 60), quick('b', 90), quick('c', 600), quick('d', 30)], 'class', NOW)[0]!.medianHoursToClose).toBe(1.25);
  });
  it('no rows, no groups', () => expect(groupCaseStats([], 'week', NOW)).toEqual([]));
});

describe('toCsv', () => {
  const groups = [g('2025-W01', 5, 4, 1, 3, 2, 2, 30.5), g('河口区, "东"\nline', 1, 0, 0, 0, 1, 0, null), g('=HYPERLINK("x")', 0, 0, 0, 0, 0, 0, 1)];
  it('writes a header, CRLF lines, quotes what needs quoting and leaves a missing median empty', () => {
    expect(toCsv(groups)).toBe(
      'key,new,confirmed,dismissed,closed,open,overdue,medianHoursToClose\r\n' +
        '2025-W01,5,4,1,3,2,2,30.5\r\n' +
        '"河口区, ""东""\nline",1,0,0,0,1,0,\r\n' +
        '"\'=HYPERLINK(""x"")",0,0,0,0,0,0,1\r\n',
    );
  });
  it('reads back with csv-parse to the same cells', () => {
    const back = parse(toCsv(groups, { bom: true }), { bom: true }) as string[][];
    expect(back[0]).toEqual(['key', 'new', 'confirmed', 'dismissed', 'closed', 'open', 'overdue', 'medianHoursToClose']);
    expect(back[2]).toEqual(['河口区, "东"\nline', '1', '0', '0', '0', '1', '0', '']);
    expect(back).toHaveLength(4);
  });
  it('puts a BOM first only when asked', () => {
    expect(toCsv([], { bom: true }).charCodeAt(0)).toBe(0xfeff);
    expect(toCsv([])).toBe('key,new,confirmed,dismissed,closed,open,overdue,medianHoursToClose\r\n');
  });
});

describe('falsePositiveRateByModel', () => {
  it('per class and model version: dismissed / (dismissed + confirmed)', () => {
    expect(falsePositiveRateByModel(rows)).toEqual([
      { class: 'excavator', modelVersion: '(unknown)', dismissed: 0, confirmed: 0, decided: 0, falsePositiveRate: null }, // F undecided
      { class: 'excavator', modelVersion: 'v2', dismissed: 0, confirmed: 1, decided: 1, falsePositiveRate: 0 }, // E
      { class: 'fire', modelVersion: 'v1', dismissed: 1, confirmed: 2, decided: 3, falsePositiveRate: 1 / 3 }, // B vs A G
      { class: 'smoke', modelVersion: 'v1', dismissed: 0, confirmed: 1, decided: 1, falsePositiveRate: 0 }, // C
      { class: 'smoke', modelVersion: 'v2', dismissed: 1, confirmed: 2, decided: 3, falsePositiveRate: 1 / 3 }, // H vs D I
    ]);
  });
});
