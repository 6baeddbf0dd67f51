/**
 * Leaflet treats string content of tooltips, popups and div icons as HTML. Names come from users (a
 * mission called `<img src=x onerror=...>` landed in an officer's page as an element): everything user-
 * written goes to Leaflet as a DOM node holding text, never as a string.
 */
import { h } from '../ui/dom.ts';

/** A span whose text is `text`, exactly as written. */
export function textContent(text: string): HTMLElement {
  return h('span', {}, text);
}
