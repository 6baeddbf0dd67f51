/**
 * Patrol coverage as one row per zone and one column per interval: the API returns one row per
 * (zone, interval), which listed flat is a page-long table nobody reads.
 */
import type { CoverageRow } from '../api/types.ts';
import { t } from '../i18n/i18n.ts';
import { h } from '../ui/dom.ts';

const pct = (v: number): string => `${(v * 100).toFixed(0)}%`;
const day = (iso: string): string => iso.slice(5, 10);

/** A zone x interval table of covered shares, each cell a meter plus its percentage. */
export function coverageTable(rows: CoverageRow[]): HTMLElement {
  if (!rows.length) return h('p', { class: 'hint' }, t('dash.noData'));
  const intervals = [...new Set(rows.map((r) => r.intervalStart))].sort();
  const zones = new Map<string, { name: string; cells: Map<string, number> }>();
  for (const r of rows) {
    const z = zones.get(r.zoneId) ?? { name: r.zoneName, cells: new Map<string, number>() };
    z.cells.set(r.intervalStart, r.coveredShare);
    zones.set(r.zoneId, z);
  }
  const ends = new Map(rows.map((r) => [r.intervalStart, r.intervalEnd]));
  return h(
    'div',
    { class: 'scroll-box' },
    h(
      'table',
      { class: 'data coverage' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dash.zone')), intervals.map((i) => h('th', { scope: 'col', title: `${i} – ${ends.get(i) ?? ''}` }, `${day(i)}–${day(ends.get(i) ?? i)}`)))),
      h(
        'tbody',
        {},
        [...zones.values()].map((z) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, z.name),
            intervals.map((i) => {
              const v = z.cells.get(i);
              return h('td', {}, v === undefined ? t('common.none') : h('span', { class: 'meter' }, h('meter', { min: 0, max: 1, low: 0.5, high: 0.8, optimum: 1, value: v, 'aria-label': `${z.name} ${day(i)}` }), ` ${pct(v)}`));
            }),
          ),
        ),
      ),
    ),
  );
}
