import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isoWeekKey } from '../../../../core/pipeline/stats/iso-week.ts';

describe('isoWeekKey (Asia/Shanghai)', () => {
  // Hand-checked against a calendar: 2025-01-01 is a Wednesday, so ISO 2025-W01 starts Monday 2024-12-30;
  // 2020-12-31 is a Thursday, so 2020 has 53 weeks and Sunday 2021-01-03 is still in 2020-W53.
  const cases: [string, string, string][] = [
    ['2024-12-29T15:59:59Z', '2024-W52', 'Sunday 23:59:59 in Shanghai'],
    ['2024-12-29T16:00:00Z', '2025-W01', 'Monday 00:00 in Shanghai, still Sunday in UTC'],
    ['2021-01-03T12:00:00Z', '2020-W53', 'Sunday 20:00, a 53-week year'],
    ['2021-01-03T16:00:00Z', '2021-W01', 'Monday 00:00'],
    ['2026-01-01T00:00:00Z', '2026-W01', 'a Thursday 1 January'],
    ['2025-06-10T02:00:00Z', '2025-W24', 'Monday 2025-06-09 = 2024-12-30 + 23 weeks'],
    ['2025-06-10T10:00:00+08:00', '2025-W24', 'same instant written with an offset'],
  ];
  for (const [instant, want, why] of cases) it(`${instant} -> ${want} (${why})`, () => expect(isoWeekKey(instant)).toBe(want));

  it("agrees with Python's date.isocalendar() on 400 instants across 2019-2031", () => {
    const instants = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2019, 0, 1) + i * 11.37 * 86_400_000).toISOString());
    const py = `
import sys, datetime
for s in sys.stdin.read().split():
    d = datetime.datetime.fromisoformat(s.replace('Z', '+00:00')) + datetime.timedelta(hours=8)
    y, w, _ = d.isocalendar()
    print(f"{y}-W{w:02d}")`;
    const want = execFileSync('python3', ['-c', py], { input: instants.join('\n') }).toString().trim().split('\n');
    expect(instants.map(isoWeekKey)).toEqual(want);
  });
  it('rejects a non-instant', () => expect(() => isoWeekKey('last week')).toThrow(/ISO-8601/));
});
