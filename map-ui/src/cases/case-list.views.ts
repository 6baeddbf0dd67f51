/**
 * The two ways the case list is drawn: a table on a desktop, cards on a phone. A row or card opens the
 * case (#/case/<id>); its case number is also a real link, for keyboards and "open in new tab".
 */
import type { CaseSummary } from '../api/types.ts';
import { caseLabel } from '../case/case-label.ts';
import { fmtTime, t, tv } from '../i18n/i18n.ts';
import { h } from '../ui/dom.ts';

/** A case as the list receives it. */
export type ListedCase = CaseSummary & { caseNo?: string | null; enterpriseName?: string | null; departmentName?: string | null; assigneeName?: string | null; sightings?: number };

/** The assignee by name where the server knows the person, else as recorded. */
const assigneeOf = (c: ListedCase): string | null => c.assigneeName ?? c.assignee;

const caseHref = (c: ListedCase) => `#/case/${encodeURIComponent(c.id)}`;

export const severityBadge = (severity: string) => h('span', { class: `badge sev-${severity}` }, tv('severity', severity));
const statusText = (c: ListedCase) => h('span', { class: `status status-${c.status}`, 'data-status': c.status }, tv('status', c.status));

/** "due in 3 days" / "2 days overdue", by calendar day in local time. */
export function dueText(c: ListedCase, now = new Date()): string | null {
  // A deadline matters only while rectification is awaited (a closed case's old due date does not).
  if (!c.dueAt || !['new', 'confirmed', 'dispatched'].includes(c.status)) return null;
  const day = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  const days = Math.round((day(new Date(c.dueAt)) - day(now)) / 86_400_000);
  if (c.overdue) return t('cases.overdueBy', { n: Math.max(1, -days) });
  if (days <= 0) return t('cases.dueToday');
  return t('cases.dueIn', { n: days });
}

/** Open the case on a click anywhere in the row except on a link (which opens it itself). */
function opener(c: ListedCase) {
  return (e: Event) => {
    if ((e.target as HTMLElement).closest('a')) return;
    location.hash = caseHref(c);
  };
}

const SORT_COLUMNS: Record<string, string> = { caseNo: 'caseNo', openedAt: 'openedAt', dueAt: 'dueAt', severity: 'severity', status: 'status', updatedAt: 'updatedAt' };

/** The desktop table; `sort` marks the sorted column for screen readers. */
export function caseTable(cases: ListedCase[], sort: string): HTMLElement {
  const key = sort.replace(/^-/, '');
  const dir = sort.startsWith('-') ? 'descending' : 'ascending';
  const cols: [string, string][] = [
    ['caseNo', t('cases.no')],
    ['status', t('panel.status')],
    ['severity', t('panel.severity')],
    ['class', t('panel.class')],
    ['enterprise', t('cases.enterprise')],
    ['district', t('panel.district')],
    ['assignee', t('panel.assignee')],
    ['dueAt', t('panel.due')],
    ['openedAt', t('cases.opened')],
    ['sightings', t('cases.sightings')],
  ];
  return h(
    'table',
    { class: 'data case-table' },
    h('thead', {}, h('tr', {}, cols.map(([k, label]) => h('th', { scope: 'col', 'aria-sort': SORT_COLUMNS[k] === key ? dir : null }, label)))),
    h(
      'tbody',
      {},
      cases.map((c) =>
        h(
          'tr',
          { class: 'case-row', 'data-case': c.id, onclick: opener(c) },
          h('td', {}, h('a', { href: caseHref(c), class: 'case-no' }, caseLabel(c))),
          h('td', {}, statusText(c)),
          h('td', {}, severityBadge(c.severity)),
          h('td', {}, tv('class', c.class)),
          h('td', {}, c.enterpriseName ?? t('common.none')),
          h('td', {}, c.district ?? t('common.none')),
          h('td', {}, assigneeOf(c) ?? t('common.none')),
          h('td', { class: c.overdue ? 'due overdue-text' : 'due' }, c.dueAt ? fmtTime(c.dueAt) : t('common.none'), c.overdue ? h('span', { class: 'badge overdue' }, t('status.overdue')) : null),
          h('td', {}, fmtTime(c.openedAt)),
          h('td', { class: 'num' }, String(c.sightings ?? 1)),
        ),
      ),
    ),
  );
}

/** The phone's cards: what an officer on the road needs to pick the next case. */
export function caseCards(cases: ListedCase[], opts: { testId: string }): HTMLElement {
  return h(
    'ul',
    { class: 'case-cards', 'data-testid': opts.testId },
    cases.map((c) => {
      const due = dueText(c);
      return h(
        'li',
        { class: `case-card sev-${c.severity}${c.overdue ? ' is-overdue' : ''}`, 'data-case': c.id, onclick: opener(c) },
        h('div', { class: 'card-head' }, h('a', { href: caseHref(c), class: 'case-no' }, caseLabel(c)), severityBadge(c.severity), statusText(c)),
        h('div', { class: 'card-what' }, tv('class', c.class), c.enterpriseName ? ` · ${c.enterpriseName}` : '', c.district ? ` · ${c.district}` : ''),
        h('div', { class: 'card-meta' }, due ? h('span', { class: c.overdue ? 'overdue-text' : '' }, due) : null, assigneeOf(c) ? h('span', {}, `${t('panel.assignee')}：${assigneeOf(c)}`) : null),
      );
    }),
  );
}
