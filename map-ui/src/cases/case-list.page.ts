/**
 * The case list (#/cases): the department's cases filtered, searched, sorted and paged by the server,
 * a table on a desktop and cards on a phone, where "my tasks" (assigned to me, due soonest) come first.
 * The CSV link exports every case the filters select, in the order shown.
 */
import '../styles/cases.css';
import { authedUrl, getJson } from '../api/http.client.ts';
import type { Page } from '../app.context.ts';
import { lang, t } from '../i18n/i18n.ts';
import { onLive } from '../live/events.client.ts';
import { h, mount } from '../ui/dom.ts';
import { caseFilters } from './case-list.filters.ts';
import { apiFilter, OPEN_STATUSES, PAGE_SIZES, readState, stateHash, type CaseListState } from './case-list.query.ts';
import { caseCards, caseTable, type ListedCase } from './case-list.views.ts';

interface ListReply {
  total: number;
  cases: ListedCase[];
}

const PHONE = '(max-width: 700px)';

/** Render the case list. */
export const renderCaseListPage: Page = (main, ctx) => {
  let state = readState(ctx.params);
  const phone = window.matchMedia(PHONE);
  const total = h('span', { class: 'total', 'aria-live': 'polite' });
  const csv = h('a', { class: 'button secondary', 'data-testid': 'cases-csv', download: '' }, `⬇ ${t('cases.csv')}`);
  const tasks = h('section', { class: 'my-tasks', 'aria-labelledby': 'my-tasks-h' });
  const results = h('div', { class: 'case-results' });
  const pager = h('nav', { class: 'pager no-print', 'aria-label': t('cases.pages') });
  let controller: AbortController | null = null;

  const change = (next: CaseListState): void => {
    state = next;
    // The address follows the list without a hashchange (which would redraw the page and lose focus).
    history.replaceState(null, '', stateHash(state));
    void load();
  };

  const draw = (): void => {
    const filters = caseFilters(state, change, { compact: phone.matches });
    const head = h('div', { class: 'list-head' }, h('h1', {}, t('cases.title')), total, h('span', { class: 'spacer' }), csv);
    mount(main, h('div', { class: `case-list ${phone.matches ? 'phone' : 'desktop'}` }, head, filters, phone.matches ? tasks : null, phone.matches ? h('h2', { class: 'all-cases' }, t('cases.allCases')) : null, results, pager));
    void load();
    if (phone.matches) void loadTasks();
  };

  const pagerFor = (count: number): HTMLElement[] => {
    const pages = Math.max(1, Math.ceil(count / state.size));
    const go = (page: number) => () => change({ ...state, page });
    const size = h('select', { name: 'size', 'aria-label': t('cases.pageSize') }, PAGE_SIZES.map((n) => h('option', { value: n, selected: n === state.size }, `${t('cases.pageSize')} ${n}`)));
    size.addEventListener('change', () => change({ ...state, size: Number(size.value), page: 1 }));
    return [
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'prev', disabled: state.page <= 1, onclick: go(state.page - 1) }, `‹ ${t('cases.prev')}`),
      h('span', { class: 'page-no', 'data-testid': 'page-no' }, t('cases.page', { page: state.page, pages })),
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'next', disabled: state.page >= pages, onclick: go(state.page + 1) }, `${t('cases.next')} ›`),
      size,
    ];
  };

  const load = async (): Promise<void> => {
    controller?.abort();
    controller = new AbortController();
    const filter = apiFilter(state);
    csv.href = authedUrl('/cases', { ...filter, format: 'csv', lang: lang() });
    results.setAttribute('aria-busy', 'true');
    try {
      const reply = await getJson<ListReply>('/cases', { ...filter, offset: (state.page - 1) * state.size, limit: state.size }, controller.signal);
      // A page past the end (cases closed meanwhile, a stale link): show the last page instead.
      if (reply.cases.length === 0 && reply.total > 0 && state.page > 1) return change({ ...state, page: Math.ceil(reply.total / state.size) });
      total.textContent = t('cases.total', { n: reply.total });
      total.dataset['total'] = String(reply.total);
      mount(results, reply.cases.length === 0 ? h('p', { class: 'hint empty' }, t('cases.empty')) : phone.matches ? caseCards(reply.cases, { testId: 'all-cases' }) : caseTable(reply.cases, state.sort));
      mount(pager, pagerFor(reply.total));
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      mount(results, h('p', { class: 'card error', role: 'alert' }, t('common.error', { message: (err as Error).message })));
    } finally {
      results.removeAttribute('aria-busy');
    }
  };

  const loadTasks = async (): Promise<void> => {
    const heading = h('h2', { id: 'my-tasks-h' }, t('cases.myTasks'));
    try {
      const reply = await getJson<ListReply>('/cases', { assignee: 'me', status: OPEN_STATUSES.join(','), sort: 'dueAt', limit: 10 });
      mount(tasks, heading, reply.cases.length ? caseCards(reply.cases, { testId: 'my-tasks' }) : h('p', { class: 'hint' }, t('cases.myTasksEmpty')));
    } catch (err) {
      mount(tasks, heading, h('p', { class: 'error' }, t('common.error', { message: (err as Error).message })));
    }
  };

  const relayout = () => draw();
  phone.addEventListener('change', relayout);
  // A case changed elsewhere (an action, a new sighting): the list shows it without a reload.
  let pending: ReturnType<typeof setTimeout> | undefined;
  const offLive = onLive('case.updated', () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      void load();
      if (phone.matches) void loadTasks();
    }, 500);
  });
  draw();
  return () => {
    controller?.abort();
    clearTimeout(pending);
    offLive();
    phone.removeEventListener('change', relayout);
  };
};
