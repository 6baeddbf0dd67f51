/**
 * Mission tracks and photo footprints for the officers' map: loaded when the overlay is switched on,
 * for the most recent missions only (the map is about findings; tracks are context).
 */
import L from 'leaflet';
import { getJson } from '../api/http.client.ts';
import type { Mission, MissionImage } from '../api/types.ts';
import { geoJsonToDisplay } from './coords.ts';
import { textContent } from './text-content.ts';

const RECENT = 10;

/** Style of a flight track. */
export const TRACK_STYLE: L.PathOptions = { color: '#1864ab', weight: 3, opacity: 0.85 };
/** Style of a photo's ground footprint. */
export const FOOTPRINT_STYLE: L.PathOptions = { color: '#5f3dc4', weight: 1, fillOpacity: 0.08, dashArray: '2 3' };

/** Draw one mission's track into a layer group. */
export function drawTrack(group: L.LayerGroup, track: GeoJSON.LineString | null | undefined, label: string): void {
  if (!track || track.coordinates.length < 2) return;
  L.geoJSON(geoJsonToDisplay(track), { style: () => TRACK_STYLE, interactive: true }).bindTooltip(textContent(label), { sticky: true }).addTo(group);
}

/** Draw photo footprints into a layer group. */
export function drawFootprints(group: L.LayerGroup, images: MissionImage[]): void {
  for (const img of images) {
    if (!img.footprint) continue;
    L.geoJSON(geoJsonToDisplay(img.footprint), { style: () => FOOTPRINT_STYLE }).bindTooltip(textContent(img.filename), { sticky: true }).addTo(group);
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
