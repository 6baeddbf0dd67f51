/**
 * The managers' dashboard: case volume by week, district, department and class; overdue cases;
 * median time to close; false-positive rate per class; patrol coverage of target zones; CSV export
 * and a print-ready layout (print.css).
 */
import { authedUrl, getJson } from '../api/http.client.ts';
import type { CaseSummary, CoverageRow, FalsePositiveRow, StatsGroup } from '../api/types.ts';
import type { Page } from '../app.context.ts';
import { fmtTime, lang, t, tv } from '../i18n/i18n.ts';
import { field, h, mount } from '../ui/dom.ts';
import { caseLabel } from '../case/case-label.ts';
import { categoryChart, type Series } from './charts.ts';
import { coverageTable } from './coverage.table.ts';

type GroupBy = 'week' | 'district' | 'department' | 'class' | 'status';
const COLORS = { new: '#1c6fb0', closed: '#2b8a3e', open: '#b07800', overdue: '#c01c28', dismissed: '#6c757d' };

function volumeSeries(groups: StatsGroup[], week: boolean): Series[] {
  const s = (name: string, key: keyof typeof COLORS, type: 'bar' | 'line' = 'bar'): Series => ({ name, type, color: COLORS[key], data: groups.map((g) => g[key]) });
  return week ? [s(t('dash.new'), 'new'), s(t('dash.closed'), 'closed'), s(t('dash.open'), 'open', 'line'), s(t('status.overdue'), 'overdue', 'line')] : [s(t('dash.new'), 'new'), s(t('dash.closed'), 'closed'), s(t('dash.open'), 'open'), s(t('status.overdue'), 'overdue')];
}

function card(title: string, id: string, ...body: (HTMLElement | null)[]): HTMLElement {
  return h('section', { class: 'card dash-card', id, 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, title), ...body);
}

function table(head: string[], rows: (string | HTMLElement)[][]): HTMLElement {
  if (!rows.length) return h('p', { class: 'hint' }, t('dash.noData'));
  return h('table', { class: 'data' }, h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

const fmtDay = (iso: string): string => new Date(iso).toLocaleDateString(lang() === 'zh' ? 'zh-CN' : 'en-GB');
const pct = (v: number | null): string => (v === null || Number.isNaN(v) ? t('common.none') : `${(v * 100).toFixed(1)}%`);

/** Render the dashboard. */
export const renderDashboardPage: Page = (main, ctx) => {
  const from = h('input', { type: 'date', name: 'from', value: ctx.params.get('from') ?? '' });
  const to = h('input', { type: 'date', name: 'to', value: ctx.params.get('to') ?? '' });
  const csv = h('a', { class: 'button secondary', download: 'cases.csv' }, `⬇ ${t('dash.csv')}`);
  const groupSel = h('select', { name: 'csvGroupBy', 'aria-label': 'CSV groupBy' }, (['week', 'district', 'department', 'class', 'status'] as GroupBy[]).map((g) => h('option', { value: g }, g)));
  const print = h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('dash.print'));
  const toolbar = h('form', { class: 'toolbar no-print' }, field(t('dash.from'), from), field(t('dash.to'), to), groupSel, csv, print);
  const grid = h('div', { class: 'dash-grid' });
  mount(main, h('h1', {}, t('dash.title')), toolbar, grid);
  let disposers: (() => void)[] = [];

  const range = (): { from?: string; to?: string } => ({ from: from.value || undefined, to: to.value || undefined });
  const updateCsv = (): void => {
    csv.href = authedUrl('/stats/cases', { groupBy: groupSel.value, format: 'csv', ...range() });
  };

  const load = async (): Promise<void> => {
    disposers.forEach((d) => d());
    disposers = [];
    updateCsv();
    const stats = (g: GroupBy): Promise<StatsGroup[]> => getJson<{ groups: StatsGroup[] }>('/stats/cases', { groupBy: g, ...range() }).then((r) => r.groups);
    const [week, district, department, cls, status, overdue, fp, coverage] = await Promise.all([
      stats('week'),
      stats('district'),
      stats('department'),
      stats('class'),
      stats('status'),
      getJson<{ cases: CaseSummary[] }>('/cases', { overdue: 'true' }).then((r) => r.cases).catch(() => [] as CaseSummary[]),
      getJson<{ rows: FalsePositiveRow[] }>('/stats/false-positives', range()).then((r) => r.rows).catch(() => [] as FalsePositiveRow[]),
      getJson<{ from: string; to: string; rows: CoverageRow[] }>('/coverage', range()).catch(() => ({ from: '', to: '', rows: [] as CoverageRow[] })),
    ]);
    const closedMedian = status.find((g) => g.key === 'closed')?.medianHoursToClose ?? null;
    const chartBox = (): HTMLElement => h('div', { class: 'chart' });
    const weekEl = chartBox();
    const districtEl = chartBox();
    const deptEl = chartBox();
    const classEl = chartBox();
    const fpEl = chartBox();
    mount(
      grid,
      h(
        'div',
        { class: 'kpis' },
        h('div', { class: 'kpi' }, h('span', {}, t('dash.open')), h('strong', {}, String(status.reduce((n, g) => n + g.open, 0)))),
        h('div', { class: 'kpi kpi-bad' }, h('span', {}, t('dash.overdue')), h('strong', { 'data-testid': 'overdue-count' }, String(overdue.length))),
        h('div', { class: 'kpi' }, h('span', {}, t('dash.medianClose')), h('strong', {}, closedMedian === null ? t('common.none') : t('dash.hours', { n: closedMedian.toFixed(1) }))),
      ),
      card(t('dash.byWeek'), 'by-week', weekEl),
      card(t('dash.byDistrict'), 'by-district', districtEl),
      card(t('dash.byDepartment'), 'by-department', deptEl),
      card(t('dash.byClass'), 'by-class', classEl),
      card(t('dash.fpRate'), 'fp-rate', fpEl, table([t('filter.class'), t('panel.model'), t('dash.dismissed'), t('dash.decided'), '%'], fp.map((r) => [tv('class', r.class), r.modelVersion, String(r.dismissed), String(r.decided), pct(r.falsePositiveRate)]))),
      card(t('dash.overdue'), 'overdue', table([t('panel.case'), t('filter.class'), t('panel.district'), t('panel.assignee'), t('panel.due')], overdue.map((c) => [h('a', { href: `#/case/${c.id}` }, caseLabel(c)), tv('class', c.class), c.district ?? t('common.none'), c.assignee ?? t('common.none'), fmtTime(c.dueAt)]))),
      // Without dates the server picks the four weeks up to the latest patrol: say which.
      card(t('dash.coverage'), 'coverage', coverage.from ? h('p', { class: 'hint' }, t('dash.period', { from: fmtDay(coverage.from), to: fmtDay(new Date(Date.parse(coverage.to) - 1).toISOString()) })) : null, coverageTable(coverage.rows)),
    );
    disposers.push(
      categoryChart(weekEl, week.map((g) => g.key), volumeSeries(week, true), { empty: t('dash.noData') }),
      categoryChart(districtEl, district.map((g) => g.key), volumeSeries(district, false), { horizontal: true, empty: t('dash.noData') }),
      categoryChart(deptEl, department.map((g) => g.key), volumeSeries(department, false), { horizontal: true, empty: t('dash.noData') }),
      categoryChart(classEl, cls.map((g) => tv('class', g.key)), volumeSeries(cls, false), { horizontal: true, empty: t('dash.noData') }),
      categoryChart(fpEl, fp.map((r) => `${tv('class', r.class)} ${r.modelVersion}`), [{ name: t('dash.fpRate'), color: COLORS.overdue, data: fp.map((r) => (r.falsePositiveRate === null ? null : +(r.falsePositiveRate * 100).toFixed(1))) }], { horizontal: true, percent: true, empty: t('dash.noData') }),
    );
  };
  const reload = (): void => {
    load().catch((err: Error) => mount(grid, h('p', { class: 'error', role: 'alert' }, t('common.error', { message: err.message }))));
  };
  toolbar.addEventListener('change', (e) => {
    if (e.target !== groupSel) reload();
  });
  toolbar.addEventListener('submit', (e) => e.preventDefault());
  groupSel.addEventListener('change', updateCsv);
  reload();
  return () => disposers.forEach((d) => d());
};
