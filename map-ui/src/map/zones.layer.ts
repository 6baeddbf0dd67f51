/**
 * Zones (GET /api/v1/zones) as styled vector layers, one overlay per kind so each can be toggled.
 * Districts are drawn by the offline basemap instead (see offline-basemap.layer.ts).
 */
import L from 'leaflet';
import type { ZoneCollection, ZoneKind, ZoneProps } from '../api/types.ts';
import { tv } from '../i18n/i18n.ts';
import { geoJsonToDisplay } from './coords.ts';
import { textContent } from './text-content.ts';
import { AREA_TOOLTIP } from './tooltip.style.ts';

/** One style per zone kind: parks and corridors hatched in warm colours, no-fly red dashes. */
export const ZONE_STYLE: Record<ZoneKind, L.PathOptions> = {
  district: { color: '#5b6770', weight: 1.5, fill: false },
  'chemical-park': { color: '#8a3ffc', weight: 2, fillColor: '#8a3ffc', fillOpacity: 0.12 },
  'pipeline-corridor': { color: '#b25f00', weight: 2, fillColor: '#f08c00', fillOpacity: 0.18 },
  enterprise: { color: '#0b7285', weight: 1.5, fillColor: '#15aabf', fillOpacity: 0.15 },
  'no-fly': { color: '#c01c28', weight: 2, dashArray: '6 4', fillColor: '#c01c28', fillOpacity: 0.08 },
  'no-build': { color: '#7a4a00', weight: 1.5, dashArray: '3 3', fillColor: '#e8a33d', fillOpacity: 0.1 },
  'key-site': { color: '#2b8a3e', weight: 2, fillColor: '#40c057', fillOpacity: 0.12 },
};

/** Overlays by kind for the layer control, built from a zone collection (districts excluded). */
export function zoneLayers(zones: ZoneCollection): Map<ZoneKind, L.GeoJSON> {
  const byKind = new Map<ZoneKind, ZoneCollection['features']>();
  for (const f of zones.features) {
    const kind = f.properties.kind;
    if (kind === 'district') continue;
    const list = byKind.get(kind) ?? [];
    list.push(f);
    byKind.set(kind, list);
  }
  const layers = new Map<ZoneKind, L.GeoJSON>();
  for (const [kind, features] of byKind) {
    const geo = geoJsonToDisplay({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection);
    layers.set(
      kind,
      L.geoJSON(geo, {
        style: () => ZONE_STYLE[kind] ?? {},
        // Zones sit under the markers and must not swallow their clicks.
        bubblingMouseEvents: true,
        onEachFeature: (f, layer) => {
          const p = f.properties as ZoneProps;
          // Above the pointer, not beside it: a tooltip beside the pointer lands on the case markers inside the zone.
          layer.bindTooltip(textContent(`${tv('zone', p.kind)}：${p.name}`), AREA_TOOLTIP);
        },
      }),
    );
  }
  return layers;
}
