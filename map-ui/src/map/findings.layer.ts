/**
 * Cases on the map: one marker per case (its sightings inside, counted on the marker), a finding
 * without a case as its own marker; coloured by severity, shaped by status (severity.style.ts), the
 * selected case ringed. Closed and dismissed cases are hidden unless asked for. Findings are fetched
 * by the visible bbox on moveend (the previous request aborted) and diffed, so panning over 20,000
 * findings only adds and removes what changed; chunkedLoading keeps the page responsive.
 */
import L from 'leaflet';
import 'leaflet.markercluster';
import { getJson } from '../api/http.client.ts';
import type { FindingCollection, FindingProps, Severity } from '../api/types.ts';
import { caseLabel } from '../case/case-label.ts';
import { t, tv } from '../i18n/i18n.ts';
import { fromDisplay, toDisplay } from './coords.ts';
import { caseIcon, SEVERITY_RANK, statusLook } from './severity.style.ts';

/** Query filters the findings endpoint understands (plus district, filtered here when the server ignores it). */
export interface FindingFilters {
  since?: string;
  until?: string;
  class?: string;
  severity?: string;
  status?: string;
  district?: string;
  /** Show closed and dismissed cases too (hidden by default; a status filter naming one shows it). */
  showClosed?: boolean;
}

interface Entry {
  marker: L.Marker;
  /** The sightings in view, newest first; the first one's props open the panel. */
  findings: FindingProps[];
  lat: number;
  lon: number;
}

type Feature = FindingCollection['features'][number];

/** The marker a finding belongs to: its case, or itself while it has none. */
const keyOf = (p: FindingProps): string => (p.caseId ? `case:${p.caseId}` : `finding:${p.id}`);

const worst = (findings: FindingProps[]): Severity =>
  findings.reduce<Severity>((w, f) => {
    const s = (f.caseSeverity ?? f.severity) as Severity;
    return SEVERITY_RANK[s] > SEVERITY_RANK[w] ? s : w;
  }, 'low');

/** The case layer. */
export class FindingsLayer {
  readonly group: L.MarkerClusterGroup;
  private readonly entries = new Map<string, Entry>();
  private readonly markerSeverity = new WeakMap<L.Marker, Severity>();
  private abort: AbortController | null = null;
  private filters: FindingFilters = {};
  private selected: string | null = null;

  constructor(
    private readonly map: L.Map,
    private readonly onOpen: (f: FindingProps, lat: number, lon: number) => void,
    private readonly onCount: (cases: number, findings: number) => void,
  ) {
    this.group = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: (cluster) => this.clusterIcon(cluster),
    });
    this.map.on('moveend', this.refresh, this);
  }

  /** Change filters and reload. */
  setFilters(filters: FindingFilters): void {
    this.filters = filters;
    void this.refresh();
  }

  /** Stop listening and cancel a pending request. */
  destroy(): void {
    this.map.off('moveend', this.refresh, this);
    this.abort?.abort();
  }

  /** Add one finding that arrived live (when it matches the filters) to its case's marker. */
  upsert(props: FindingProps, lat: number, lon: number): void {
    if (!this.matches(props)) return;
    const key = keyOf(props);
    const old = this.entries.get(key);
    const findings = [props, ...(old?.findings.filter((f) => f.id !== props.id) ?? [])];
    if (old) this.group.removeLayer(old.marker);
    // A finding that now has a case leaves its own marker.
    const alone = this.entries.get(`finding:${props.id}`);
    if (alone && key !== `finding:${props.id}`) {
      this.group.removeLayer(alone.marker);
      this.entries.delete(`finding:${props.id}`);
    }
    const entry = this.makeEntry(key, findings, old?.lat ?? lat, old?.lon ?? lon);
    this.entries.set(key, entry);
    this.group.addLayer(entry.marker);
    this.count();
  }

  /** A case changed status: restyle its marker (or drop it when its new status is filtered out). */
  updateCase(caseId: string, status: string): void {
    const key = `case:${caseId}`;
    const e = this.entries.get(key);
    if (!e) return;
    for (const f of e.findings) f.caseStatus = status as FindingProps['caseStatus'];
    this.group.removeLayer(e.marker);
    if (!this.matches(e.findings[0]!)) {
      this.entries.delete(key);
    } else {
      const entry = this.makeEntry(key, e.findings, e.lat, e.lon);
      this.entries.set(key, entry);
      this.group.addLayer(entry.marker);
    }
    this.count();
  }

  /** Ring the marker of this case (null: none). */
  select(caseId: string | null): void {
    const before = this.selected;
    this.selected = caseId ? `case:${caseId}` : null;
    for (const key of [before, this.selected]) {
      const e = key ? this.entries.get(key) : undefined;
      if (e) e.marker.setIcon(this.iconFor(key!, e.findings));
    }
  }

  /** The finding with this id, if it is in view. */
  get(id: string): { props: FindingProps; lat: number; lon: number } | undefined {
    for (const e of this.entries.values()) {
      const props = e.findings.find((f) => f.id === id);
      if (props) return { props, lat: e.lat, lon: e.lon };
    }
    return undefined;
  }

  /** Reload the findings in the current view. */
  async refresh(): Promise<void> {
    this.abort?.abort();
    const ctrl = new AbortController();
    this.abort = ctrl;
    const b = this.map.getBounds();
    const [south, west] = fromDisplay(b.getSouth(), b.getWest());
    const [north, east] = fromDisplay(b.getNorth(), b.getEast());
    const bbox = [west, south, east, north].map((v) => v.toFixed(6)).join(',');
    const { showClosed: _showClosed, ...query } = this.filters;
    let data: FindingCollection;
    try {
      data = await getJson<FindingCollection>('/findings', { bbox, ...query }, ctrl.signal);
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      throw err;
    }
    if (ctrl.signal.aborted) return;
    this.apply(data.features.filter((f) => this.matches(f.properties)));
  }

  private apply(features: Feature[]): void {
    // The server sends newest first: a case's marker stands where it was first seen in view.
    const groups = new Map<string, { findings: FindingProps[]; lat: number; lon: number }>();
    for (const f of features) {
      const key = keyOf(f.properties);
      const [lon, lat] = f.geometry.coordinates;
      const g = groups.get(key);
      if (g) {
        g.findings.push(f.properties);
        [g.lat, g.lon] = [lat, lon];
      } else groups.set(key, { findings: [f.properties], lat, lon });
    }
    const added: L.Marker[] = [];
    const removed: L.Marker[] = [];
    for (const [key, g] of groups) {
      const old = this.entries.get(key);
      const same = old && old.findings.length === g.findings.length && old.lat === g.lat && old.lon === g.lon && this.iconKey(old.findings) === this.iconKey(g.findings);
      if (same) {
        old.findings = g.findings;
        continue;
      }
      if (old) removed.push(old.marker);
      const entry = this.makeEntry(key, g.findings, g.lat, g.lon);
      this.entries.set(key, entry);
      added.push(entry.marker);
    }
    for (const [key, e] of this.entries) {
      if (!groups.has(key)) {
        removed.push(e.marker);
        this.entries.delete(key);
      }
    }
    if (removed.length) this.group.removeLayers(removed);
    if (added.length) this.group.addLayers(added);
    this.count();
  }

  private count(): void {
    let findings = 0;
    for (const e of this.entries.values()) findings += e.findings.length;
    this.onCount(this.entries.size, findings);
  }

  private matches(p: FindingProps): boolean {
    const f = this.filters;
    if (f.class && p.class !== f.class) return false;
    if (f.severity && p.severity !== f.severity) return false;
    const status = p.caseStatus ?? p.status;
    if (f.status && status && status !== f.status) return false;
    if (!f.status && !f.showClosed && statusLook(status) === 'closed') return false;
    if (f.district && p.district && p.district !== f.district) return false;
    return true;
  }

  private iconKey(findings: FindingProps[]): string {
    const p = findings[0]!;
    return `${worst(findings)}|${p.caseStatus ?? p.status ?? ''}`;
  }

  private iconFor(key: string, findings: FindingProps[]): L.DivIcon {
    const p = findings[0]!;
    return caseIcon(worst(findings), p.caseStatus ?? p.status, findings.length, key === this.selected);
  }

  private makeEntry(key: string, findings: FindingProps[], lat: number, lon: number): Entry {
    const p = findings[0]!;
    const severity = worst(findings);
    const status = p.caseStatus ?? p.status;
    const name = p.caseId ? caseLabel({ id: p.caseId, caseNo: p.caseNo }) : t('panel.finding');
    const text = `${name} · ${tv('class', p.class)} · ${tv('severity', severity)}${status ? ` · ${tv('status', status)}` : ''}${findings.length > 1 ? ` · ${t('map.sightings', { n: findings.length })}` : ''}`;
    const marker = L.marker(toDisplay(lat, lon), { icon: this.iconFor(key, findings), keyboard: true, alt: text, riseOnHover: true });
    // Above the marker, clear of it, and never catching the pointer: the markers around stay clickable.
    marker.bindTooltip(text, { direction: 'top', offset: [0, -14], opacity: 0.92, className: 'case-tooltip' });
    this.markerSeverity.set(marker, severity);
    const open = (): void => this.onOpen(this.entries.get(key)?.findings[0] ?? p, lat, lon);
    marker.on('click', open);
    marker.on('keypress', (e) => {
      const k = ((e as L.LeafletEvent & { originalEvent: KeyboardEvent }).originalEvent).key;
      if (k === 'Enter' || k === ' ') open();
    });
    return { marker, findings, lat, lon };
  }

  private clusterIcon(cluster: L.MarkerCluster): L.DivIcon {
    let top: Severity = 'low';
    for (const m of cluster.getAllChildMarkers()) {
      const s = this.markerSeverity.get(m);
      if (s && SEVERITY_RANK[s] > SEVERITY_RANK[top]) top = s;
      if (top === 'critical') break;
    }
    const n = cluster.getChildCount();
    const size = n < 10 ? 32 : n < 100 ? 38 : n < 1000 ? 44 : 50;
    return L.divIcon({ html: `<span>${n}</span>`, className: `cluster-icon sev-${top}`, iconSize: [size, size] });
  }
}
