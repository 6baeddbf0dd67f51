/**
 * Mission tracks and photo footprints for the officers' map: loaded when the overlay is switched on,
 * for the most recent missions only (the map is about findings; tracks are context).
 */
import L from 'leaflet';
import { getJson } from '../api/http.client.ts';
import type { Mission, MissionImage } from '../api/types.ts';
import { geoJsonToDisplay } from './coords.ts';
import { textContent } from './text-content.ts';
import { AREA_TOOLTIP } from './tooltip.style.ts';

const RECENT = 10;

/** Style of a flight track. */
export const TRACK_STYLE: L.PathOptions = { color: '#1864ab', weight: 3, opacity: 0.85 };
/** Style of a photo's ground footprint. */
export const FOOTPRINT_STYLE: L.PathOptions = { color: '#5f3dc4', weight: 1, fillOpacity: 0.08, dashArray: '2 3' };

/** Style of the planned wayline: dashed, so the flown track reads beside it. */
export const WAYLINE_STYLE: L.PathOptions = { color: '#2b8a3e', weight: 3, opacity: 0.9, dashArray: '8 6' };
/** Style of a no-fly zone that a track entered. */
export const NO_FLY_STYLE: L.PathOptions = { color: '#c01c28', weight: 2, fillColor: '#c01c28', fillOpacity: 0.15 };

/** Draw the planned wayline (its waypoints joined) into a layer group. */
export function drawWayline(group: L.LayerGroup, waypoints: readonly { lat: number; lon: number }[] | undefined, label: string): void {
  if (!waypoints || waypoints.length < 2) return;
  L.geoJSON(geoJsonToDisplay({ type: 'LineString', coordinates: waypoints.map((w) => [w.lon, w.lat]) }), { style: () => WAYLINE_STYLE }).bindTooltip(textContent(label), AREA_TOOLTIP).addTo(group);
}

/** Draw one mission's track into a layer group. */
export function drawTrack(group: L.LayerGroup, track: GeoJSON.LineString | null | undefined, label: string): void {
  if (!track || track.coordinates.length < 2) return;
  L.geoJSON(geoJsonToDisplay(track), { style: () => TRACK_STYLE, interactive: true }).bindTooltip(textContent(label), AREA_TOOLTIP).addTo(group);
}

/** Draw photo footprints into a layer group. */
export function drawFootprints(group: L.LayerGroup, images: MissionImage[]): void {
  for (const img of images) {
    if (!img.footprint) continue;
    L.geoJSON(geoJsonToDisplay(img.footprint), { style: () => FOOTPRINT_STYLE }).bindTooltip(textContent(img.filename), AREA_TOOLTIP).addTo(group);
  }
}

/** Two overlays (tracks, footprints) filled on first display. */
export function missionOverlays(): { tracks: L.LayerGroup; footprints: L.LayerGroup } {
  const tracks = L.layerGroup();
  const footprints = L.layerGroup();
  let loading: Promise<void> | null = null;
  const load = (): void => {
    loading ??= (async () => {
      const { missions } = await getJson<{ missions: Mission[] }>('/missions');
      for (const m of missions.slice(0, RECENT)) {
        const [detail, imgs] = await Promise.all([getJson<Mission>(`/missions/${m.id}`), getJson<{ images: MissionImage[] }>(`/missions/${m.id}/images`)]);
        drawTrack(tracks, detail.track, m.name);
        drawFootprints(footprints, imgs.images);
      }
    })().catch(() => {
      loading = null; // try again next time the overlay is switched on
    });
  };
  tracks.on('add', load);
  footprints.on('add', load);
  return { tracks, footprints };
}
