/**
 * The basemap from the UI config (Tianditu, OpenStreetMap, an internal tile server, or AMap-style
 * GCJ-02 tiles), falling back to the offline district basemap when the config says offline or the
 * tiles do not load (no network: the first tiles all fail and none loads).
 */
import L from 'leaflet';
import type { UiConfig } from '../api/types.ts';

/** Failed tiles, with none loaded, after which the tile server counts as unreachable. */
const FAILURES_BEFORE_OFFLINE = 4;

/**
 * Add the configured tile layer (if any) and call `goOffline` once when it cannot be used.
 * Returns the tile layer, or null when the map runs offline from the start.
 */
export function addBasemap(map: L.Map, config: UiConfig, goOffline: () => void): L.TileLayer | null {
  const { basemap } = config;
  if (config.offline || !basemap.url) {
    goOffline();
    return null;
  }
  const layer = L.tileLayer(basemap.url, {
    attribution: basemap.attribution,
    maxZoom: basemap.maxZoom,
    ...(basemap.subdomains ? { subdomains: basemap.subdomains } : {}),
  });
  let loaded = 0;
  let failed = 0;
  let switched = false;
  layer.on('tileload', () => loaded++);
  layer.on('tileerror', () => {
    failed++;
    if (!switched && loaded === 0 && failed >= FAILURES_BEFORE_OFFLINE) {
      switched = true;
      map.removeLayer(layer);
      goOffline();
    }
  });
  layer.addTo(map);
  return layer;
}
