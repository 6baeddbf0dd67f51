/** The findings filter form: time range, class, severity, status, district. */
import { HAZARD_CLASSES, SEVERITIES, CASE_STATUSES } from '../../../core/domain.ts';
import { t, tv } from '../i18n/i18n.ts';
import { field, h, select } from '../ui/dom.ts';
import type { FindingFilters } from './findings.layer.ts';

/** Build the form; `onApply` gets the filters (since/until as ISO-8601 UTC) on every change. */
export function filtersForm(districts: string[], onApply: (f: FindingFilters) => void): { el: HTMLElement; count: HTMLElement } {
  const all: [string, string] = ['', t('filter.all')];
  const since = h('input', { type: 'datetime-local', name: 'since' });
  const until = h('input', { type: 'datetime-local', name: 'until' });
  const cls = select('class', [all, ...HAZARD_CLASSES.map((c): [string, string] => [c, tv('class', c)])]);
  const sev = select('severity', [all, ...SEVERITIES.map((s): [string, string] => [s, tv('severity', s)])]);
  const status = select('status', [all, ...CASE_STATUSES.map((s): [string, string] => [s, tv('status', s)])]);
  const district = select('district', [all, ...districts.map((d): [string, string] => [d, d])]);
  const showClosed = h('input', { type: 'checkbox', name: 'showClosed' });
  const count = h('p', { class: 'count', 'aria-live': 'polite' });
  const iso = (v: string): string | undefined => (v ? new Date(v).toISOString() : undefined);
  // On a phone the fields fold away so the map keeps the screen; the count stays in sight.
  const folded = window.matchMedia('(max-width: 700px)').matches;
  const form = h(
    'form',
    { class: 'filters', 'aria-label': t('filter.title') },
    h(
      'details',
      { open: !folded },
      h('summary', {}, h('h2', {}, t('filter.title'))),
      field(t('filter.since'), since),
      field(t('filter.until'), until),
      field(t('filter.class'), cls),
      field(t('filter.severity'), sev),
      field(t('filter.status'), status),
      field(t('filter.district'), district),
      h('label', { class: 'check' }, showClosed, t('filter.showClosed')),
    ),
    count,
  );
  const apply = (): void =>
    onApply({
      since: iso(since.value),
      until: iso(until.value),
      class: cls.value || undefined,
      severity: sev.value || undefined,
      status: status.value || undefined,
      district: district.value || undefined,
      showClosed: showClosed.checked,
    });
  form.addEventListener('change', apply);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  return { el: form, count };
}
