/**
 * A zoomable photo: the annotated image (boxes drawn by the server) in a small Leaflet map with
 * L.CRS.Simple, so the officer pans and zooms into a 4000x3000 photo the same way as the map.
 */
import L from 'leaflet';
import { authedUrl } from '../api/http.client.ts';
import { t } from '../i18n/i18n.ts';
import { mapRemover } from '../map/map-lifecycle.ts';
import { h } from '../ui/dom.ts';

/** Mount a viewer for an image id into `host`; returns its cleanup. */
export function imageViewer(host: HTMLElement, imageId: string, label: string): () => void {
  const box = h('div', { class: 'image-viewer', role: 'img', 'aria-label': `${t('panel.photo')}: ${label}`, tabindex: '0' });
  const link = h('a', { href: authedUrl(`/images/${imageId}/annotated`), target: '_blank', rel: 'noopener', class: 'small' }, '⤢');
  host.append(h('div', { class: 'image-wrap' }, box, link));
  let removeMap: (() => void) | null = null;
  let disposed = false;
  const img = new Image();
  img.alt = label;
  img.onload = () => {
    // The panel may have been redrawn or closed while the photo loaded: then no map is made.
    if (disposed || !box.isConnected) return;
    const w = img.naturalWidth;
    const hgt = img.naturalHeight;
    // No zoom/fade animations: a panel closed mid-animation would leave Leaflet stepping a removed map.
    const map = L.map(box, { crs: L.CRS.Simple, minZoom: -5, maxZoom: 3, zoomSnap: 0.25, attributionControl: false, zoomAnimation: false, fadeAnimation: false });
    const bounds = L.latLngBounds([0, 0], [hgt, w]);
    L.imageOverlay(img.src, bounds, { alt: label }).addTo(map);
    map.fitBounds(bounds);
    map.setMaxBounds(bounds.pad(0.2));
    removeMap = mapRemover(map);
  };
  img.onerror = () => box.replaceChildren(h('p', { class: 'hint' }, t('panel.noPhoto')));
  img.src = authedUrl(`/images/${imageId}/annotated`);
  return () => {
    disposed = true;
    img.onload = null;
    removeMap?.();
    removeMap = null;
  };
}
