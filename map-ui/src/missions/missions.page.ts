/**
 * The operators' missions page: create a mission, drop photos and flight logs (one request per file
 * with its own progress bar), watch each file's processing status (polling the mission's images, and
 * at once on SSE mission.updated), and see the track and footprints on a map.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { getJson, postJson } from '../api/http.client.ts';
import type { Mission, MissionImage, UiConfig, ZoneCollection } from '../api/types.ts';
import type { Page } from '../app.context.ts';
import { errorText, flightCheckText } from '../i18n/error-text.ts';
import { fmtTime, lang, t, tv } from '../i18n/i18n.ts';
import { onLive } from '../live/events.client.ts';
import { drawFootprints, drawTrack, drawWayline, NO_FLY_STYLE } from '../map/missions.layer.ts';
import { geoJsonToDisplay } from '../map/coords.ts';
import { setGcj02, toDisplay } from '../map/coords.ts';
import { offlineBasemap } from '../map/offline-basemap.layer.ts';
import { addBasemap } from '../map/basemap.layer.ts';
import { chosenBasemap, tileSource, type TileSource } from '../map/basemap.providers.ts';
import { field, h, mount } from '../ui/dom.ts';
import { toast } from '../ui/toast.ts';
import { FileRow, filesTable } from './file-rows.ts';
import { isFlightLog, runLimited, uploadFile } from './upload.queue.ts';
import { mapRemover } from '../map/map-lifecycle.ts';
import { docksPanel, label } from './docks.panel.ts';

const POLL_MS = 2_000;
const LIST_PAGE = 15;

/** The missions as a compact table: date and dock, photos, findings, status; the name opens one. */
function missionTable(missions: Mission[], current: string | undefined): HTMLElement {
  return h(
    'table',
    { class: 'data missions-table' },
    h('thead', {}, h('tr', {}, [t('missions.name'), t('missions.photos'), t('missions.findings'), t('missions.status')].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      missions.map((m) =>
        h(
          'tr',
          { 'data-mission': m.id, class: current === m.id ? 'current' : null },
          h('td', {}, h('a', { href: `#/missions/${m.id}`, 'aria-current': current === m.id ? 'true' : null }, m.name), h('div', { class: 'hint small' }, fmtDay(m.startedAt ?? m.createdAt), m.dockId ? ` · ${m.dockId}` : '')),
          h('td', { class: 'num' }, String(m.counts?.images ?? 0)),
          h('td', { class: 'num' }, String(m.counts?.findings ?? 0)),
          h('td', {}, h('span', { class: `status mst-${m.status}` }, tv('mission', m.status))),
        ),
      ),
    ),
  );
}

const fmtDay = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleDateString(lang() === 'zh' ? 'zh-CN' : 'en-GB') : t('common.none'));

/** Render the missions page. */
export const renderMissionsPage: Page = (main, ctx) => {
  const source = tileSource(chosenBasemap(ctx.me.id, ctx.config), ctx.config);
  setGcj02(source?.gcj02 ?? false);
  const list = h('div', { class: 'mission-list' });
  const detail = h('section', { class: 'mission-detail', 'aria-live': 'polite' }, h('p', { class: 'hint' }, t('missions.select')));
  const name = h('input', { name: 'name', required: true, value: `${t('missions.title')} ${new Date().toLocaleDateString()}` });
  const dock = h('input', { name: 'dockId' });
  const started = h('input', { name: 'startedAt', type: 'datetime-local' });
  const create = h('form', { class: 'card', 'aria-labelledby': 'create-title' }, h('h2', { id: 'create-title' }, t('missions.create')), field(t('missions.name'), name), field(t('missions.dock'), dock), field(t('missions.startedAt'), started), h('button', { type: 'submit', class: 'primary' }, t('missions.create')));
  const docks = docksPanel();
  mount(main, h('div', { class: 'missions-layout' }, h('div', { class: 'missions-side' }, create, docks.el, h('h2', {}, t('missions.list')), list), detail));

  let stopDetail: () => void = () => {};
  let page = 1;
  const loadList = async (): Promise<void> => {
    const { missions, total = missions.length } = await getJson<{ missions: Mission[]; total?: number }>('/missions', { offset: (page - 1) * LIST_PAGE, limit: LIST_PAGE });
    const pages = Math.max(1, Math.ceil(total / LIST_PAGE));
    const go = (to: number) => () => {
      page = to;
      void loadList().catch((err: Error) => toast(t('common.error', { message: err.message }), 'error'));
    };
    mount(
      list,
      missions.length ? missionTable(missions, ctx.segments[0]) : h('p', { class: 'hint' }, t('missions.empty')),
      pages > 1
        ? h(
            'nav',
            { class: 'pager', 'aria-label': t('cases.pages') },
            h('button', { type: 'button', class: 'secondary', disabled: page <= 1, onclick: go(page - 1) }, `‹ ${t('cases.prev')}`),
            h('span', { class: 'page-no' }, t('cases.page', { page, pages })),
            h('button', { type: 'button', class: 'secondary', disabled: page >= pages, onclick: go(page + 1) }, `${t('cases.next')} ›`),
          )
        : null,
    );
  };
  create.addEventListener('submit', (e) => {
    e.preventDefault();
    const body: Record<string, string> = { name: name.value.trim() };
    if (dock.value.trim()) body['dockId'] = dock.value.trim();
    if (started.value) body['startedAt'] = new Date(started.value).toISOString();
    postJson<Mission>('/missions', body)
      .then((m) => {
        location.hash = `#/missions/${m.id}`;
      })
      .catch((err: Error) => toast(t('common.error', { message: err.message }), 'error'));
  });
  void loadList().catch((err: Error) => toast(t('common.error', { message: err.message }), 'error'));
  const missionId = ctx.segments[0];
  if (missionId) stopDetail = missionDetail(detail, missionId, () => void loadList().catch(() => {}), ctx.config, source);
  return () => {
    stopDetail();
    docks.dispose();
  };
};

function missionDetail(host: HTMLElement, id: string, onStatus: () => void, config: UiConfig, source: TileSource | null): () => void {
  const head = h('div', { class: 'mission-head' });
  const checks = h('div', { class: 'checks' });
  const input = h('input', { type: 'file', multiple: true, accept: 'image/*,.csv,.gpx,.kml,.srt,.ulg,.txt', class: 'visually-hidden', id: 'files-input' });
  const drop = h('label', { class: 'dropzone', for: 'files-input', tabindex: '0', role: 'button' }, t('missions.drop'));
  const { table, body } = filesTable();
  const mapEl = h('div', { class: 'mission-map', role: 'region', 'aria-label': t('layer.tracks') });
  mount(host, head, checks, drop, input, mapEl, table);

  const map = L.map(mapEl).setView(toDisplay(...config.defaultCenter), config.defaultZoom);
  const removeMap = mapRemover(map);
  addBasemap(map, source, () => {
    mapEl.classList.add('offline');
    getJson<ZoneCollection>('/zones', { kind: 'district' })
      .then((zones) => {
        if (alive) offlineBasemap(map, zones).addTo(map);
      })
      .catch(() => {}); // no districts: an empty background still shows the track
  });
  const overlay = L.layerGroup().addTo(map);
  const rows = new Map<string, FileRow>(); // by image id
  let timer: ReturnType<typeof setTimeout> | null = null;
  let alive = true;
  let fitted = false;

  const refresh = async (): Promise<void> => {
    const [m, imgs] = await Promise.all([getJson<Mission>(`/missions/${id}`), getJson<{ images: MissionImage[] }>(`/missions/${id}/images`)]);
    if (!alive) return;
    const c = m.counts;
    const flight = m.flight ? h('p', { class: 'flight', 'data-flight-status': m.flight.status ?? '' }, t('flight.line', { status: label('flight', m.flight.status), percent: m.flight.percent ?? 0, images: c?.images ?? 0, expected: m.flight.expectedMedia ?? '?' })) : null;
    mount(head, h('h2', {}, m.name, ' ', h('span', { class: `status mst-${m.status}`, 'data-status': m.status }, tv('mission', m.status))), flight, c ? h('p', {}, t('missions.counts', c)) : null, m.startedAt ? h('p', { class: 'hint' }, fmtTime(m.startedAt)) : null);
    mount(
      checks,
      m.deviation ? h('p', { class: 'deviation', 'data-testid': 'deviation' }, t('missions.deviation', { max: m.deviation.maxM, p95: m.deviation.p95M, mean: m.deviation.meanM })) : null,
      m.flightChecks?.length ? [h('h3', {}, t('missions.checks')), h('ul', { class: 'warnings' }, m.flightChecks.map((w) => h('li', { role: 'note', 'data-kind': w.kind ?? null }, `⚠ ${flightCheckText(w)}`)))] : [],
    );
    for (const img of imgs.images) {
      // An image whose upload reply has not come back yet already has its row: the upload's own.
      let row = rows.get(img.id) ?? claimUploadRow(img.id, img.filename);
      if (!row) {
        row = new FileRow(img.filename);
        row.imageId = img.id;
        rows.set(img.id, row);
        body.append(row.el);
      }
      row.fromImage(img);
    }
    overlay.clearLayers();
    drawWayline(overlay, m.wayline?.waypoints, t('missions.planned'));
    drawTrack(overlay, m.track, m.name);
    drawFootprints(overlay, imgs.images);
    if (m.deviation) L.circleMarker(toDisplay(m.deviation.at.lat, m.deviation.at.lon), { radius: 7, color: '#e67700', weight: 3, fillOpacity: 0 }).bindTooltip(t('missions.worstDeviation', { m: m.deviation.maxM })).addTo(overlay);
    // A no-fly breach: the zone it entered and the point where it did.
    const breaches = (m.flightChecks ?? []).filter((w) => w.kind === 'no-fly' && typeof w.lat === 'number' && typeof w.lon === 'number');
    for (const w of breaches) L.circleMarker(toDisplay(w.lat!, w.lon!), { radius: 8, color: '#fff', weight: 2, fillColor: '#c01c28', fillOpacity: 1 }).bindTooltip(flightCheckText(w)).addTo(overlay);
    if (breaches.length) void drawNoFly(breaches.map((w) => w.zone?.id).filter((z): z is string => !!z));
    const layers = overlay.getLayers() as L.GeoJSON[];
    if (!fitted && layers.length) {
      const b = L.featureGroup(layers).getBounds();
      if (b.isValid()) {
        map.fitBounds(b.pad(0.1));
        fitted = true;
      }
    }
    const busy = m.status === 'receiving' || m.status === 'processing' || imgs.images.some((i) => i.status === 'queued' || i.status === 'processing');
    if (timer) clearTimeout(timer);
    timer = busy && alive ? setTimeout(() => void refresh().catch(() => {}), POLL_MS) : null;
    onStatus();
  };

  const noFly = L.layerGroup().addTo(map);
  let noFlyShown = '';
  const drawNoFly = async (ids: string[]): Promise<void> => {
    const key = [...new Set(ids)].sort().join(',');
    if (!key || key === noFlyShown) return;
    noFlyShown = key;
    const zones = await getJson<ZoneCollection>('/zones', { kind: 'no-fly' });
    if (!alive) return;
    noFly.clearLayers();
    for (const z of zones.features.filter((f) => ids.includes(String(f.properties.id ?? f.id)))) L.geoJSON(geoJsonToDisplay(z), { style: () => NO_FLY_STYLE }).bindTooltip(`${tv('zone', 'no-fly')}: ${z.properties.name}`, { sticky: true }).addTo(noFly);
  };

  // Rows of files being uploaded whose image id is not known yet.
  const uploading = new Set<FileRow>();
  const claimUploadRow = (imageId: string, filename: string): FileRow | undefined => {
    const row = [...uploading].find((r) => r.name === filename);
    if (!row) return undefined;
    uploading.delete(row);
    row.imageId = imageId;
    rows.set(imageId, row);
    return row;
  };
  const upload = (files: File[]): void => {
    const tasks = files.map((file) => {
      const row = new FileRow(file.name);
      if (!isFlightLog(file)) uploading.add(row);
      body.prepend(row.el);
      return () => {
        row.set('uploading');
        return uploadFile(id, file, {
          progress: (f) => row.progress(f),
          failed: (reason) => {
            uploading.delete(row);
            row.set('failed', reason);
          },
          done: (reply) => {
            const img = (reply as { images?: { id: string; status: MissionImage['status']; duplicate?: boolean; error?: string | { message: string } }[] }).images?.[0];
            uploading.delete(row);
            if (!img) return row.set('done'); // a flight log: nothing to process further
            if (img.error) return row.set('failed', typeof img.error === 'string' ? img.error : errorText((img.error as { code?: string }).code, img.error.message));
            if (img.id) {
              row.imageId = img.id;
              rows.set(img.id, row);
            }
            if (img.duplicate) row.set('duplicate');
            else {
              row.set('processing'); // uploaded; the server's status follows (fromImage skips rows still uploading)
              row.fromImage({ status: img.status });
            }
          },
        });
      };
    });
    void runLimited(tasks).then(() => refresh().catch(() => {}));
  };
  input.addEventListener('change', () => {
    if (input.files) upload([...input.files]);
    input.value = '';
  });
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer?.files.length) upload([...e.dataTransfer.files]);
  });
  const off = onLive('mission.updated', (data) => {
    if ((data as { id?: string }).id === id) void refresh().catch(() => {});
  });
  void refresh().catch((err: Error) => mount(head, h('p', { class: 'error', role: 'alert' }, t('common.error', { message: err.message }))));
  return () => {
    alive = false;
    off();
    if (timer) clearTimeout(timer);
    removeMap();
  };
}
