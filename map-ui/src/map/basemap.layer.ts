/**
 * The basemap tiles (Tianditu with its labels, OpenStreetMap, AMap-style GCJ-02, an internal tile
 * server), falling back to the offline district basemap when none is chosen or the tiles do not load
 * (no network: the first tiles all fail and none loads).
 */
import L from 'leaflet';
import type { TileSource } from './basemap.providers.ts';

/** Failed tiles, with none loaded, after which the tile server counts as unreachable. */
const FAILURES_BEFORE_OFFLINE = 4;

/**
 * Add the tile layers of `source` (if any) and call `goOffline` once when they cannot be used.
 * Returns the base tile layer, or null when the map runs offline from the start.
 */
export function addBasemap(map: L.Map, source: TileSource | null, goOffline: () => void): L.TileLayer | null {
  if (!source?.url) {
    goOffline();
    return null;
  }
  const options = { attribution: source.attribution, maxZoom: source.maxZoom, ...(source.subdomains ? { subdomains: source.subdomains } : {}) };
  const layer = L.tileLayer(source.url, { ...options, className: 'basemap-tiles' });
  const labels = source.labelsUrl ? L.tileLayer(source.labelsUrl, { ...options, attribution: '', className: 'basemap-labels' }) : null;
  let loaded = 0;
  let failed = 0;
  let switched = false;
  layer.on('tileload', () => loaded++);
  layer.on('tileerror', () => {
    failed++;
    if (!switched && loaded === 0 && failed >= FAILURES_BEFORE_OFFLINE) {
      switched = true;
      map.removeLayer(layer);
      if (labels) map.removeLayer(labels);
      goOffline();
    }
  });
  layer.addTo(map);
  labels?.addTo(map);
  return layer;
}
