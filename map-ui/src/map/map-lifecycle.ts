/**
 * Removing a Leaflet map without an error from its own timers. Leaflet 1.9 ends an animated zoom with a
 * 250 ms timer that map.remove() does not cancel; a map removed inside that window (the user leaves the
 * page just after a fitBounds) throws "_leaflet_pos" from the timer. So a map that is zooming is removed
 * once the zoom has ended (or after a second, whichever comes first); any other map at once.
 */
import type L from 'leaflet';

/** Start tracking `map`'s zoom animations; returns the function that removes it safely. */
export function mapRemover(map: L.Map): () => void {
  let zooming = false;
  map.on('zoomanim', () => (zooming = true));
  map.on('zoomend', () => (zooming = false));
  let removed = false;
  const removeOnce = (): void => {
    if (removed) return;
    removed = true;
    map.remove();
  };
  return () => {
    map.stop();
    if (!zooming) return removeOnce();
    map.once('zoomend', removeOnce);
    setTimeout(removeOnce, 1000);
  };
}
