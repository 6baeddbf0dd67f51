/**
 * A zoomable photo: the annotated image (boxes drawn by the server, coloured by severity) in a small
 * Leaflet map with L.CRS.Simple, so the officer pans and zooms into a 4000x3000 photo the same way as
 * the map. A button opens it over the whole window (Escape or the button closes it); the photo keeps
 * its zoom and the view is fitted again to the new size.
 */
import L from 'leaflet';
import { authedUrl } from '../api/http.client.ts';
import { t } from '../i18n/i18n.ts';
import { mapRemover } from '../map/map-lifecycle.ts';
import { h } from '../ui/dom.ts';

/** Mount a viewer for an image id into `host`; returns its cleanup. */
export function imageViewer(host: HTMLElement, imageId: string, label: string): () => void {
  const box = h('div', { class: 'image-viewer', role: 'img', 'aria-label': `${t('panel.photo')}: ${label}`, tabindex: '0' });
  const full = h('button', { type: 'button', class: 'viewer-full', 'aria-pressed': 'false', 'data-testid': 'photo-full' }, `⤢ ${t('viewer.full')}`);
  const wrap = h('div', { class: 'image-wrap' }, box, full);
  host.append(wrap);
  let map: L.Map | null = null;
  let bounds: L.LatLngBounds | null = null;
  const setFull = (on: boolean): void => {
    wrap.classList.toggle('fullscreen', on);
    document.body.classList.toggle('viewer-open', on);
    full.setAttribute('aria-pressed', String(on));
    full.textContent = on ? `✕ ${t('viewer.exit')}` : `⤢ ${t('viewer.full')}`;
    if (map && bounds) {
      map.invalidateSize();
      map.fitBounds(bounds);
    }
    if (on) box.focus();
  };
  full.addEventListener('click', () => setFull(!wrap.classList.contains('fullscreen')));
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && wrap.classList.contains('fullscreen')) {
      e.stopPropagation(); // the side panel closes on Escape too: this one closes only the photo
      setFull(false);
    }
  };
  wrap.addEventListener('keydown', onKey);
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
    map = L.map(box, { crs: L.CRS.Simple, minZoom: -5, maxZoom: 3, zoomSnap: 0.25, attributionControl: false, zoomAnimation: false, fadeAnimation: false });
    bounds = L.latLngBounds([0, 0], [hgt, w]);
    L.imageOverlay(img.src, bounds, { alt: label }).addTo(map);
    map.fitBounds(bounds);
    map.setMaxBounds(bounds.pad(0.2));
    box.dataset['loaded'] = 'true';
    removeMap = mapRemover(map);
  };
  img.onerror = () => box.replaceChildren(h('p', { class: 'hint' }, t('panel.noPhoto')));
  img.src = authedUrl(`/images/${imageId}/annotated`);
  return () => {
    disposed = true;
    document.body.classList.remove('viewer-open');
    img.onload = null;
    removeMap?.();
    removeMap = null;
  };
}
