/**
 * The officers' map: basemap (tiles or the offline district basemap), zones by kind, mission tracks
 * and footprints, findings clustered by severity, filters, a side panel for the chosen case, and
 * live updates with alerts for critical findings.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import { ApiError, getJson } from '../api/http.client.ts';
import type { FindingProps, ZoneCollection } from '../api/types.ts';
import type { Page } from '../app.context.ts';
import { caseLabel } from '../case/case-label.ts';
import { renderCaseView, renderFindingView } from '../case/case.view.ts';
import { t, tv } from '../i18n/i18n.ts';
import { alertFinding } from '../live/critical.alert.ts';
import { setSoundEnabled, soundEnabled } from '../live/alert.sound.ts';
import { onLive } from '../live/events.client.ts';
import { h, mount } from '../ui/dom.ts';
import { toast } from '../ui/toast.ts';
import { addBasemap } from './basemap.layer.ts';
import { chosenBasemap, tileSource } from './basemap.providers.ts';
import { basemapSwitch } from './basemap-switch.control.ts';
import { setGcj02, toDisplay } from './coords.ts';
import { filtersForm } from './filters.form.ts';
import { FindingsLayer } from './findings.layer.ts';
import { missionOverlays } from './missions.layer.ts';
import { offlineBasemap } from './offline-basemap.layer.ts';
import { legend } from './legend.control.ts';
import { mapRemover } from './map-lifecycle.ts';
import { zoneLayers } from './zones.layer.ts';
import { docksLayer } from './docks.layer.ts';

/** A finding as it arrives over SSE: its properties plus a position (GeoJSON Feature or flat). */
type LiveFinding = (FindingProps & { lat?: number; lon?: number }) | { type: 'Feature'; geometry: { coordinates: [number, number] }; properties: FindingProps };

function unpack(data: LiveFinding): { props: FindingProps; lat: number; lon: number } | null {
  if ('type' in data && data.type === 'Feature') {
    const [lon, lat] = data.geometry.coordinates;
    return { props: data.properties, lat, lon };
  }
  const f = data as FindingProps & { lat?: number; lon?: number };
  return typeof f.lat === 'number' && typeof f.lon === 'number' ? { props: f, lat: f.lat, lon: f.lon } : null;
}

/** The tiles-failed notice is said once per visit, not on every redraw of the map (language switch, back). */
let offlineNoticed = false;

/** Render the map page. */
export const renderMapPage: Page = (main, ctx) => {
  const source = tileSource(chosenBasemap(ctx.me.id, ctx.config), ctx.config);
  setGcj02(source?.gcj02 ?? false);
  const mapEl = h('div', { id: 'map', class: 'map', role: 'region', 'aria-label': t('nav.map') });
  const panelBody = h('div', { class: 'panel-body' });
  const closeBtn = h('button', { type: 'button', class: 'close', 'aria-label': t('panel.close') }, '×');
  const panel = h('aside', { class: 'side-panel', hidden: true, 'aria-label': t('panel.case') }, closeBtn, panelBody);
  const sound = h('input', { type: 'checkbox', checked: soundEnabled(), onchange: (e: Event) => setSoundEnabled((e.target as HTMLInputElement).checked) });
  const sidebar = h('div', { class: 'sidebar' });
  mount(main, h('div', { class: 'map-layout' }, sidebar, mapEl, panel));
  main.classList.add('full');

  // maxZoom on the map itself: markercluster needs one, and the offline basemap has no tile layer to give it.
  const map = L.map(mapEl, { zoomControl: true, keyboard: true, preferCanvas: false, maxZoom: source?.maxZoom ?? 18 }).setView(toDisplay(...ctx.config.defaultCenter), ctx.config.defaultZoom);
  const removeMap = mapRemover(map);
  // The zoom on the element: lets a test (or a support screenshot) tell that a zoom has finished.
  const markZoom = (): void => void (mapEl.dataset['zoom'] = String(map.getZoom()));
  map.on('zoomend', markZoom);
  markZoom();
  let offlineShown = false;
  let districts: ZoneCollection | null = null;
  const layersControl = L.control.layers(undefined, undefined, { collapsed: window.innerWidth < 700 }).addTo(map);
  const showOffline = (): void => {
    if (offlineShown || !districts) return;
    offlineShown = true;
    const layer = offlineBasemap(map, districts).addTo(map);
    layersControl.addOverlay(layer, t('layer.offline'));
    mapEl.classList.add('offline');
    // Nothing lies beyond the districts on this basemap: frame them (unless a case is being shown).
    if (!ctx.params.get('case')) map.fitBounds(layer.getLayers()[0] instanceof L.GeoJSON ? (layer.getLayers()[0] as L.GeoJSON).getBounds() : map.getBounds());
    if (source && !offlineNoticed) toast(t('map.offlineNotice'));
    offlineNoticed = true;
  };
  let wantOffline = false;
  mapEl.dataset['basemap'] = chosenBasemap(ctx.me.id, ctx.config);
  // A new basemap redraws the page: a GCJ-02 one shifts every overlay.
  basemapSwitch(ctx.me.id, ctx.config, () => window.dispatchEvent(new HashChangeEvent('hashchange'))).addTo(map);
  addBasemap(map, source, () => {
    wantOffline = true;
    showOffline();
  });
  legend().addTo(map);

  let disposePanel: () => void = () => {};
  let refreshPanel: (() => void) | null = null;
  // The panel narrows the map: tell Leaflet, or clicks land on the wrong place.
  const showPanel = (): void => {
    panel.hidden = false;
    map.invalidateSize();
  };
  const openCase = (caseId: string, centre = false): void => {
    disposePanel();
    showPanel();
    // Opened from a link (#/map?case=): bring the case into view once it has loaded.
    const view = renderCaseView(panelBody, caseId, {
      onChange: (d) => {
        if (!centre || disposed) return;
        centre = false;
        map.setView(toDisplay(d.case.lat, d.case.lon), Math.max(map.getZoom(), 15));
      },
    });
    disposePanel = view.dispose;
    refreshPanel = view.refresh;
    findings.select(caseId);
    if (location.hash !== `#/map?case=${caseId}`) history.replaceState(null, '', `#/map?case=${caseId}`);
    closeBtn.focus();
  };
  const openFinding = (f: FindingProps, lat: number, lon: number): void => {
    if (f.caseId) return openCase(f.caseId);
    disposePanel();
    showPanel();
    refreshPanel = null;
    disposePanel = renderFindingView(panelBody, f, lat, lon);
    closeBtn.focus();
  };
  const closePanel = (): void => {
    findings.select(null);
    disposePanel();
    panel.hidden = true;
    map.invalidateSize();
    history.replaceState(null, '', '#/map');
    mapEl.focus();
  };
  closeBtn.addEventListener('click', closePanel);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closePanel();
  });

  const findings = new FindingsLayer(map, openFinding, (cases, n) => (filters.count.textContent = t('map.count', { cases, findings: n })));
  findings.group.addTo(map);
  layersControl.addOverlay(findings.group, t('layer.findings'));
  const { tracks, footprints } = missionOverlays();
  layersControl.addOverlay(tracks, t('layer.tracks'));
  layersControl.addOverlay(footprints, t('layer.footprints'));
  const docks = docksLayer();
  docks.group.addTo(map);
  layersControl.addOverlay(docks.group, t('layer.docks'));
  const refreshDocks = () => void docks.refresh().catch(() => {});
  refreshDocks();
  const offDock = onLive('dock.updated', refreshDocks);

  let filters = filtersForm([], (f) => findings.setFilters(f));
  mount(sidebar, filters.el, h('label', { class: 'check' }, sound, ' ', t('live.sound')));

  // Requests still out when the page is left must not touch the removed map.
  let disposed = false;
  getJson<ZoneCollection>('/zones')
    .then((zones) => {
      if (disposed) return;
      districts = zones;
      for (const [kind, layer] of zoneLayers(zones)) {
        layer.addTo(map);
        layersControl.addOverlay(layer, tv('zone', kind));
      }
      const names = zones.features.filter((f) => f.properties.kind === 'district').map((f) => f.properties.name);
      const count = filters.count.textContent;
      filters = filtersForm(names, (f) => findings.setFilters(f));
      filters.count.textContent = count;
      mount(sidebar, filters.el, h('label', { class: 'check' }, sound, ' ', t('live.sound')));
      if (wantOffline) showOffline();
    })
    .catch((err: Error) => {
      if (!disposed) toast(t('common.error', { message: err.message }), 'error');
    });

  // A role the server does not show findings to (admin) still gets the zones map, without an error.
  void findings.refresh().catch((err: Error) => {
    if (!disposed && !(err instanceof ApiError && err.status === 403)) toast(t('common.error', { message: err.message }), 'error');
  });
  const caseParam = ctx.params.get('case');
  if (caseParam) openCase(caseParam, true);

  const offFinding = onLive('finding.created', (data) => {
    const f = unpack(data as LiveFinding);
    if (!f) return;
    findings.upsert(f.props, f.lat, f.lon);
    alertFinding(f.props, () => {
      map.setView(toDisplay(f.lat, f.lon), Math.max(map.getZoom(), 15));
      openFinding(f.props, f.lat, f.lon);
    });
  });
  const offCase = onLive('case.updated', (data) => {
    const c = data as { id?: string; caseNo?: string; status?: string; case?: { id: string; caseNo?: string; status: string } };
    const id = c.case?.id ?? c.id;
    const status = c.case?.status ?? c.status;
    if (!id || !status) return;
    findings.updateCase(id, status);
    // The open panel shows this case: refresh it (the panel is the notice); any other case gets a toast
    // naming its case number.
    if (!panel.hidden && new URLSearchParams(location.hash.split('?')[1]).get('case') === id) refreshPanel?.();
    else toast(t('live.caseUpdated', { id: caseLabel({ id, caseNo: c.case?.caseNo ?? c.caseNo }), status: tv('status', status) }));
  });

  return () => {
    disposed = true;
    offFinding();
    offCase();
    offDock();
    disposePanel();
    findings.destroy();
    removeMap();
    main.classList.remove('full');
  };
};
