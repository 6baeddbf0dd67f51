/**
 * Findings as severity-coloured markers in a marker cluster. Fetched by the visible bbox on moveend
 * (the previous request aborted) and diffed by id, so panning over 20,000 findings only adds and
 * removes what changed; chunkedLoading keeps the page responsive while a big batch goes in.
 */
import L from 'leaflet';
import 'leaflet.markercluster';
import { getJson } from '../api/http.client.ts';
import type { FindingCollection, FindingProps, Severity } from '../api/types.ts';
import { tv } from '../i18n/i18n.ts';
import { fromDisplay, toDisplay } from './coords.ts';
import { SEVERITY_RANK, severityIcon } from './severity.style.ts';

/** Query filters the findings endpoint understands (plus district, filtered here when the server ignores it). */
export interface FindingFilters {
  since?: string;
  until?: string;
  class?: string;
  band?: string;
  severity?: string;
  status?: string;
  district?: string;
}

interface Entry {
  marker: L.Marker;
  props: FindingProps;
  lat: number;
  lon: number;
}

/** The findings overlay. */
export class FindingsLayer {
  readonly group: L.MarkerClusterGroup;
  private readonly entries = new Map<string, Entry>();
  private readonly markerProps = new WeakMap<L.Marker, FindingProps>();
  private abort: AbortController | null = null;
  private filters: FindingFilters = {};

  constructor(
    private readonly map: L.Map,
    private readonly onOpen: (f: FindingProps, lat: number, lon: number) => void,
    private readonly onCount: (n: number) => void,
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

  /** Add or update one finding that arrived live (when it matches the filters). */
  upsert(props: FindingProps, lat: number, lon: number): void {
    if (!this.matches(props)) return;
    const old = this.entries.get(props.id);
    if (old) this.group.removeLayer(old.marker);
    const marker = this.makeMarker(props, lat, lon);
    this.entries.set(props.id, { marker, props, lat, lon });
    this.group.addLayer(marker);
    this.onCount(this.entries.size);
  }

  /** Update the status of the findings of a case (their colour stays, their popup text changes). */
  updateCase(caseId: string, status: string): void {
    for (const e of this.entries.values()) {
      if (e.props.caseId === caseId) e.props.caseStatus = status as FindingProps['caseStatus'];
    }
  }

  /** The finding with this id, if it is in view. */
  get(id: string): Entry | undefined {
    return this.entries.get(id);
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
    let data: FindingCollection;
    try {
      data = await getJson<FindingCollection>('/findings', { bbox, ...this.filters }, ctrl.signal);
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      throw err;
    }
    if (ctrl.signal.aborted) return;
    this.apply(data.features.filter((f) => this.matches(f.properties)));
  }

  private apply(features: FindingCollection['features']): void {
    const seen = new Set<string>();
    const added: L.Marker[] = [];
    for (const f of features) {
      const id = f.properties.id;
      seen.add(id);
      const old = this.entries.get(id);
      if (old) {
        old.props = f.properties;
        continue;
      }
      const [lon, lat] = f.geometry.coordinates;
      const marker = this.makeMarker(f.properties, lat, lon);
      this.entries.set(id, { marker, props: f.properties, lat, lon });
      added.push(marker);
    }
    const removed: L.Marker[] = [];
    for (const [id, e] of this.entries) {
      if (!seen.has(id)) {
        removed.push(e.marker);
        this.entries.delete(id);
      }
    }
    if (removed.length) this.group.removeLayers(removed);
    if (added.length) this.group.addLayers(added);
    this.onCount(this.entries.size);
  }

  private matches(p: FindingProps): boolean {
    const f = this.filters;
    if (f.class && p.class !== f.class) return false;
    if (f.band && (p.band ?? 'visible') !== f.band) return false;
    if (f.severity && p.severity !== f.severity) return false;
    const status = p.caseStatus ?? p.status;
    if (f.status && status && status !== f.status) return false;
    if (f.district && p.district && p.district !== f.district) return false;
    return true;
  }

  private makeMarker(props: FindingProps, lat: number, lon: number): L.Marker {
    const marker = L.marker(toDisplay(lat, lon), {
      icon: severityIcon(props.severity),
      keyboard: true,
      title: `${tv('class', props.class)} · ${tv('severity', props.severity)}`,
      alt: `${tv('class', props.class)} ${tv('severity', props.severity)}`,
      riseOnHover: true,
    });
    this.markerProps.set(marker, props);
    const open = (): void => this.onOpen(this.entries.get(props.id)?.props ?? props, lat, lon);
    marker.on('click', open);
    marker.on('keypress', (e) => {
      const key = ((e as L.LeafletEvent & { originalEvent: KeyboardEvent }).originalEvent).key;
      if (key === 'Enter' || key === ' ') open();
    });
    return marker;
  }

  private clusterIcon(cluster: L.MarkerCluster): L.DivIcon {
    let worst: Severity = 'low';
    for (const m of cluster.getAllChildMarkers()) {
      const s = this.markerProps.get(m)?.severity;
      if (s && SEVERITY_RANK[s] > SEVERITY_RANK[worst]) worst = s;
      if (worst === 'critical') break;
    }
    const n = cluster.getChildCount();
    const size = n < 10 ? 32 : n < 100 ? 38 : n < 1000 ? 44 : 50;
    return L.divIcon({ html: `<span>${n}</span>`, className: `cluster-icon sev-${worst}`, iconSize: [size, size] });
  }
}
