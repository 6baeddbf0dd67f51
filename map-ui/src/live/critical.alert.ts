/** The visible + audible alert for a critical finding: a flashing banner, a toast and a beep. */
import type { FindingProps } from '../api/types.ts';
import { t, tv } from '../i18n/i18n.ts';
import { h } from '../ui/dom.ts';
import { toast } from '../ui/toast.ts';
import { beep } from './alert.sound.ts';

/** Alert the user to a new finding; critical ones flash and beep. */
export function alertFinding(f: FindingProps, open: () => void): void {
  const text = t('live.newFinding', { class: tv('class', f.class), severity: tv('severity', f.severity) });
  if (f.severity !== 'critical') {
    toast(text, 'info', open);
    return;
  }
  toast(`${t('live.critical')} · ${text}`, 'critical', open);
  void beep();
  const banner = h('div', { class: 'critical-banner', role: 'alert' }, `⚠ ${t('live.critical')}: ${text}`);
  banner.addEventListener('click', open);
  document.body.append(banner);
  setTimeout(() => banner.remove(), 8_000);
}
