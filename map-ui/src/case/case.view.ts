/**
 * The detail of a case (or of a finding with no case yet): the zoomable photo, class, score, model,
 * time, place, enterprise, department, the history, the actions allowed, the evidence download and
 * a route link. Used by the map's side panel and by the phone page (#/case/:id).
 */
import { authedUrl, getJson } from '../api/http.client.ts';
import type { Attachment, CaseDetail, FindingProps, HistoryEntry } from '../api/types.ts';
import { fmtTime, t, tv } from '../i18n/i18n.ts';
import { caseLabel } from './case-label.ts';
import { h, mount } from '../ui/dom.ts';
import { toast } from '../ui/toast.ts';
import { actionsForm } from './actions.form.ts';
import { showDepartment } from './departments.lookup.ts';
import { downloadWithAuth } from './download.ts';
import { imageViewer } from './image-viewer.ts';
import { shotStrip } from './shot-strip.ts';
import { amapRouteUrl } from './route.link.ts';

/** Options of a case view. */
export interface CaseViewOptions {
  /** Phone page: bigger controls, the route link first. */
  phone?: boolean;
  /** Called after an action changed the case. */
  onChange?: (detail: CaseDetail) => void;
}

function row(label: string, value: string | number | null | undefined): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, value === null || value === undefined || value === '' ? t('common.none') : String(value))];
}

/** The department row: its id at once, its name when the (cached) list answers. */
function departmentRow(id: string | null | undefined): HTMLElement[] {
  const cells = row(t('panel.department'), id);
  showDepartment(cells[1]!, id);
  return cells;
}

function historyList(caseId: string, history: HistoryEntry[], attachments: Attachment[]): HTMLElement {
  return h(
    'ol',
    { class: 'history' },
    history.map((e) =>
      h(
        'li',
        {},
        h('time', { datetime: e.at }, fmtTime(e.at)),
        ' ',
        h('strong', {}, tv('action', e.action)),
        e.from || e.to ? ` (${tv('status', e.from)} → ${tv('status', e.to)})` : '',
        ` · ${e.actorName ?? e.actor} · ${tv('role', e.role)}`,
        e.note ? h('div', { class: 'note' }, e.note) : null,
        photosOf(caseId, e, attachments),
      ),
    ),
  );
}

function photosOf(caseId: string, e: HistoryEntry, attachments: Attachment[]): HTMLElement | null {
  const mine = attachments.filter((a) => a.auditSeq === e.seq);
  if (!mine.length) return null;
  return h(
    'div',
    { class: 'site-photos' },
    mine.map((a) => h('a', { href: authedUrl(`/cases/${caseId}/attachments/${a.id}`), target: '_blank', rel: 'noopener' }, h('img', { src: authedUrl(`/cases/${caseId}/attachments/${a.id}`), alt: a.filename, loading: 'lazy' }))),
  );
}

/** A drawn case: `refresh` reloads it (after a live update), `dispose` removes the photo viewer. */
export interface CaseView {
  refresh: () => void;
  dispose: () => void;
}

/** What changes when a case changes: an unchanged case is not redrawn, so an open action form survives. */
const signature = (d: CaseDetail): string => JSON.stringify([d.case.status, d.case.assignee, d.case.dueAt, d.history.length, d.attachments?.length ?? 0]);

/** Load and draw a case into `host`. */
export function renderCaseView(host: HTMLElement, caseId: string, opts: CaseViewOptions = {}): CaseView {
  let disposeImage: () => void = () => {};
  let alive = true;
  let shown = '';
  const load = (): void => {
    if (!shown) mount(host, h('p', { class: 'hint' }, t('panel.loading')));
    getJson<CaseDetail>(`/cases/${caseId}`)
      .then((d) => {
        // The action's own reply and the live event both reload: draw a state once.
        if (alive && signature(d) !== shown) draw(d);
      })
      .catch((err: Error) => {
        if (alive) mount(host, h('p', { class: 'error', role: 'alert' }, t('common.error', { message: err.message })));
      });
  };
  const draw = (d: CaseDetail): void => {
    shown = signature(d);
    disposeImage();
    const c = d.case;
    const f = d.findings[0];
    const img = d.images[0] ?? (f ? { id: f.imageId } : null);
    const title = `${tv('class', c.class)} · ${tv('severity', c.severity)}`;
    const photo = h('div', { class: 'photo' });
    const evidence = h('button', { type: 'button', class: 'secondary', 'data-testid': 'evidence' }, `⬇ ${t('panel.evidence')}`);
    evidence.addEventListener('click', () => {
      evidence.disabled = true;
      downloadWithAuth(`/cases/${c.id}/evidence.zip`, `evidence-${c.caseNo ?? c.id}.zip`)
        .catch((err: Error) => toast(t('common.error', { message: err.message }), 'error'))
        .finally(() => (evidence.disabled = false));
    });
    const route = h('a', { class: 'button secondary', href: amapRouteUrl(c.lat, c.lon, title), target: '_blank', rel: 'noopener' }, `➤ ${t('panel.route')}`);
    const links = h('div', { class: 'links' }, opts.phone ? null : h('a', { href: `#/case/${c.id}`, class: 'small' }, t('panel.openPage')), route, evidence);
    mount(
      host,
      h('h2', { class: 'case-title' }, h('span', { class: `badge sev-${c.severity}` }, tv('severity', c.severity)), ' ', tv('class', c.class)),
      h('p', { class: 'status-line' }, h('span', { class: `status status-${c.status}`, 'data-status': c.status }, tv('status', c.status)), c.overdue ? h('span', { class: 'badge overdue' }, t('status.overdue')) : null, ` · ${t('panel.case')} `, h('span', { class: 'case-no', 'data-testid': 'case-no' }, caseLabel(c))),
      opts.phone ? links : null,
      photo,
      shotStrip(d.images.find((i) => i.id === img?.id)),
      h(
        'dl',
        { class: 'facts' },
        row(t('panel.violation'), c.violation),
        row(t('panel.score'), f ? f.score.toFixed(2) : null),
        row(t('panel.model'), f?.modelVersion ?? f?.modelId),
        row(t('panel.band'), f?.band ? tv('band', f.band) : null),
        row(t('panel.temperature'), f?.maxTempC != null ? `${f.maxTempC.toFixed(1)} °C` : f?.temperatureNote),
        row(t('panel.time'), fmtTime(f?.capturedAt)),
        row(t('panel.place'), `${c.lat.toFixed(6)}, ${c.lon.toFixed(6)}`),
        row(t('panel.district'), c.district),
        row(t('panel.enterprise'), d.enterprise?.name ?? c.enterpriseId),
        departmentRow(c.departmentId),
        row(t('panel.assignee'), c.assignee),
        row(t('panel.due'), c.dueAt ? fmtTime(c.dueAt) : null),
      ),
      actionsForm(c, () => load()),
      opts.phone ? null : links,
      h('section', {}, h('h3', {}, t('panel.history')), historyList(c.id, d.history, d.attachments ?? [])),
    );
    disposeImage = img ? imageViewer(photo, img.id, title) : () => {};
    opts.onChange?.(d);
  };
  load();
  return {
    refresh: load,
    dispose: () => {
      alive = false;
      disposeImage();
    },
  };
}

/** Draw a finding that has no case (yet): its photo and facts, no actions. */
export function renderFindingView(host: HTMLElement, f: FindingProps, lat: number, lon: number): () => void {
  const photo = h('div', { class: 'photo' });
  mount(
    host,
    h('h2', { class: 'case-title' }, h('span', { class: `badge sev-${f.severity}` }, tv('severity', f.severity)), ' ', tv('class', f.class)),
    photo,
    h(
      'dl',
      { class: 'facts' },
      row(t('panel.violation'), f.violation),
      row(t('panel.score'), f.score.toFixed(2)),
      row(t('panel.model'), f.modelVersion),
      row(t('panel.band'), f.band ? tv('band', f.band) : null),
      row(t('panel.temperature'), f.maxTempC != null ? `${f.maxTempC.toFixed(1)} °C` : f.temperatureNote),
      row(t('panel.time'), fmtTime(f.capturedAt)),
      row(t('panel.place'), `${lat.toFixed(6)}, ${lon.toFixed(6)}`),
      row(t('panel.enterprise'), f.enterpriseId),
      departmentRow(f.departmentId),
    ),
  );
  return imageViewer(photo, f.imageId, tv('class', f.class));
}
