/** Docks on the map: a marker at each dock's reported position, green when online, grey when silent. */
import L from 'leaflet';
import { getJson } from '../api/http.client.ts';
import type { DockStatus } from '../api/types.ts';
import { fmtTime, t } from '../i18n/i18n.ts';
import { toDisplay } from './coords.ts';

export function docksLayer(): { group: L.LayerGroup; refresh(): Promise<void> } {
  const group = L.layerGroup();
  return {
    group,
    async refresh() {
      const { docks } = await getJson<{ docks: DockStatus[] }>('/dock-status');
      group.clearLayers();
      for (const d of docks) {
        if (d.lat === null || d.lon === null) continue;
        const marker = L.circleMarker(toDisplay(d.lat, d.lon), { radius: 8, color: '#1f2937', weight: 2, fillColor: d.online ? '#16a34a' : '#9ca3af', fillOpacity: 0.9, className: 'dock-marker' });
        const state = d.online ? t('docks.online') : t('docks.offline');
        const alerts = d.hms.length ? ` · ⚠ ${d.hms.map((a) => a.code).join(', ')}` : '';
        marker.bindTooltip(`${d.name} · ${state} · ${t('docks.lastSeen', { time: fmtTime(d.lastSeenAt) })}${alerts}`);
        group.addLayer(marker);
      }
    },
  };
}
