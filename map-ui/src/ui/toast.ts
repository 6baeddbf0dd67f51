/** Short messages in a polite live region (screen readers hear them), critical ones assertive. */
import { h } from './dom.ts';

let region: HTMLElement | null = null;
const MAX_SHOWN = 3;

function host(): HTMLElement {
  if (!region || !region.isConnected) {
    region = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(region);
  }
  return region;
}

/** Show a message for a few seconds; `kind` 'critical' stays longer and is styled as an alert. */
export function toast(text: string, kind: 'info' | 'error' | 'critical' = 'info', onClick?: () => void): void {
  const box = host();
  // The same words twice in a row say nothing new; and a burst of events must not bury the map.
  if ([...box.children].some((c) => c.textContent === text)) return;
  while (box.children.length >= MAX_SHOWN) box.firstElementChild?.remove();
  const el = h('div', { class: `toast toast-${kind}`, role: kind === 'info' ? null : 'alert' }, text);
  if (onClick) {
    el.tabIndex = 0;
    el.addEventListener('click', onClick);
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') onClick();
    });
  }
  box.append(el);
  setTimeout(() => el.remove(), kind === 'critical' ? 15_000 : 5_000);
}
