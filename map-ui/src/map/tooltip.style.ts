/** How tooltips sit on the map: never over the markers a person is about to click. */
import type L from 'leaflet';

/** Tooltips of areas and lines: following the pointer, above it, so they never cover a marker under it. */
export const AREA_TOOLTIP: L.TooltipOptions = { sticky: true, direction: 'top', offset: [0, -16] };
