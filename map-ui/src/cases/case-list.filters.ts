/**
 * The filter bar of the case list: search, status, severity, class, district, enterprise, dates,
 * "mine" and "overdue", sort. It reports a new state; the page decides what to fetch.
 */
import { getJson } from '../api/http.client.ts';
import { SEVERITIES, HAZARD_CLASSES, CASE_STATUSES } from '../../../core/domain.ts';
import { t, tv } from '../i18n/i18n.ts';
import { field, h, select } from '../ui/dom.ts';
import { SORTS, type CaseListState } from './case-list.query.ts';

interface Choices {
  enterprises: [string, string][];
  districts: [string, string][];
}

let choices: Promise<Choices> | null = null;

/** Enterprises and districts to choose from, fetched once per visit. */
function loadChoices(): Promise<Choices> {
  choices ??= Promise.all([
    getJson<{ enterprises: { id: string; name: string; district: string | null }[] }>('/enterprises').catch(() => ({ enterprises: [] })),
    getJson<{ departments: { district: string | null }[] }>('/departments').catch(() => ({ departments: [] })),
  ]).then(([e, d]) => {
    const districts = [...new Set([...e.enterprises.map((x) => x.district), ...d.departments.map((x) => x.district)].filter((x): x is string => !!x))].sort((a, b) => a.localeCompare(b, 'zh'));
    return {
      enterprises: e.enterprises.map((x) => [x.id, x.name] as [string, string]).sort((a, b) => a[1].localeCompare(b[1], 'zh')),
      districts: districts.map((x) => [x, x] as [string, string]),
    };
  });
  return choices;
}

/** Build the filter form for `state`; `onChange` gets the next state (page back to 1). */
export function caseFilters(state: CaseListState, onChange: (next: CaseListState) => void, opts: { compact: boolean }): HTMLElement {
  const all: [string, string] = ['', t('filter.all')];
  const search = h('input', { type: 'search', name: 'q', value: state.q, placeholder: t('cases.searchHint'), autocomplete: 'off', enterkeyhint: 'search' });
  const status = select('status', [all, ['open', t('cases.openOnly')], ...CASE_STATUSES.map((s) => [s, tv('status', s)] as [string, string])], state.status);
  const severity = select('severity', [all, ...[...SEVERITIES].reverse().map((s) => [s, tv('severity', s)] as [string, string])], state.severity);
  const cls = select('class', [all, ...HAZARD_CLASSES.map((c) => [c, tv('class', c)] as [string, string])], state.class);
  const district = select('district', [all], state.district);
  const enterprise = select('enterpriseId', [all], state.enterpriseId);
  const from = h('input', { type: 'date', name: 'from', value: state.from });
  const to = h('input', { type: 'date', name: 'to', value: state.to });
  const mine = h('input', { type: 'checkbox', name: 'mine', checked: state.mine });
  const overdue = h('input', { type: 'checkbox', name: 'overdue', checked: state.overdue });
  const sort = select('sort', SORTS.map((s) => [s, t(`sort.${s}`)] as [string, string]), state.sort);
  void loadChoices().then((c) => {
    for (const [sel, list, value] of [[district, c.districts, state.district], [enterprise, c.enterprises, state.enterpriseId]] as const) {
      for (const [v, label] of list) sel.append(h('option', { value: v, selected: v === value }, label));
    }
  });

  const read = (): CaseListState => ({
    ...state,
    q: search.value,
    status: status.value,
    severity: severity.value,
    class: cls.value,
    district: district.value,
    enterpriseId: enterprise.value,
    from: from.value,
    to: to.value,
    mine: mine.checked,
    overdue: overdue.checked,
    sort: sort.value as CaseListState['sort'],
    page: 1,
  });
  // A link, not a state change: the route draws the page afresh, with every field emptied.
  const reset = h('a', { class: 'button secondary', href: '#/cases' }, t('cases.reset'));
  const check = (el: HTMLInputElement, label: string) => h('label', { class: 'check' }, el, label);
  const more = [field(t('filter.status'), status), field(t('filter.severity'), severity), field(t('filter.class'), cls), field(t('filter.district'), district), field(t('cases.enterprise'), enterprise), field(t('cases.from'), from), field(t('cases.to'), to), h('div', { class: 'checks' }, check(mine, t('cases.mine')), check(overdue, t('cases.overdueOnly'))), reset];
  const form = h(
    'form',
    { class: 'case-filters no-print', role: 'search', 'aria-label': t('filter.title') },
    h('div', { class: 'search-row' }, field(t('cases.search'), search), field(t('cases.sortBy'), sort)),
    // On a phone the filters fold away under the search box; open when one is in use.
    opts.compact ? h('details', { class: 'more-filters', open: [state.status, state.severity, state.class, state.district, state.enterpriseId, state.from, state.to].some(Boolean) || state.overdue }, h('summary', {}, t('filter.title')), h('div', { class: 'filter-grid' }, more)) : h('div', { class: 'filter-grid' }, more),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onChange(read());
  });
  form.addEventListener('change', (e) => {
    if (e.target !== search) onChange(read());
  });
  // Typing searches after a pause; Enter searches at once (submit).
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(read()), 500);
  });
  return form;
}
