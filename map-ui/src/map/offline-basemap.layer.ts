/**
 * The basemap for a machine with no network: the district outlines from the seeds, filled and
 * labelled like a plain paper map, in a pane under every overlay. Shown when the config says
 * offline, or when the tile server fails.
 */
import L from 'leaflet';
import type { ZoneCollection } from '../api/types.ts';
import { geoJsonToDisplay } from './coords.ts';
import { textContent } from './text-content.ts';

const FILLS = ['#eef2e6', '#e8eef4', '#f3ede4', '#ecebf3', '#e6f0ee', '#f1ece9'];

/** A layer group of district polygons with name labels, in its own low pane. */
export function offlineBasemap(map: L.Map, districts: ZoneCollection): L.LayerGroup {
  if (!map.getPane('offline-base')) {
    const pane = map.createPane('offline-base');
    pane.style.zIndex = '250'; // over the tile pane (200), so failed tiles are hidden; under overlays (400)
  }
  // Labels need a pane of their own: Leaflet lifts every SVG in a pane to z-index 200, which would
  // hide tooltips that share the pane with the district polygons.
  if (!map.getPane('offline-labels')) {
    const pane = map.createPane('offline-labels');
    pane.style.zIndex = '260';
    pane.style.pointerEvents = 'none';
  }
  const features = districts.features.filter((f) => f.properties.kind === 'district');
  const geo = geoJsonToDisplay({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection);
  let i = 0;
  const polygons = L.geoJSON(geo, {
    pane: 'offline-base',
    interactive: false,
    style: () => ({ color: '#6b7785', weight: 1.5, fillColor: FILLS[i++ % FILLS.length], fillOpacity: 1 }),
  });
  const labels = L.layerGroup();
  polygons.eachLayer((layer) => {
    const name = ((layer as L.GeoJSON).feature as GeoJSON.Feature | undefined)?.properties?.['name'];
    if (typeof name === 'string' && 'getBounds' in layer) {
      const center = (layer as L.Polygon).getBounds().getCenter();
      labels.addLayer(L.tooltip({ permanent: true, direction: 'center', className: 'district-label', pane: 'offline-labels' }).setLatLng(center).setContent(textContent(name)));
    }
  });
  return L.layerGroup([polygons, labels]);
}
