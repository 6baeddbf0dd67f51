/**
 * The docks as the bridge sees them, for operators: online or not (silence counts as offline), the last
 * message, and the current HMS alerts with their level and whether the aircraft was in the air. Refreshed
 * on every live dock.updated and twice a minute, since going offline sends no event.
 */
import { getJson } from '../api/http.client.ts';
import type { DockStatus } from '../api/types.ts';
import { fmtTime, t } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { onLive } from '../live/events.client.ts';
import { h, mount } from '../ui/dom.ts';

const REFRESH_MS = 30_000;

/** A labelled value with a fallback to the raw value (DJI adds enum values over time). */
export function label(prefix: 'flight' | 'docks.hmsLevel', value: string | number | null): string {
  if (value === null) return t('common.none');
  const key = `${prefix}.${value}` as MessageKey;
  const text = t(key);
  return text === key ? String(value) : text;
}

export function docksPanel(): { el: HTMLElement; dispose(): void } {
  const list = h('ul', { class: 'dock-list' });
  const el = h('section', { class: 'card docks', 'aria-labelledby': 'docks-title' }, h('h2', { id: 'docks-title' }, t('docks.title')), list);
  let alive = true;
  const load = async (): Promise<void> => {
    const { docks } = await getJson<{ docks: DockStatus[] }>('/dock-status');
    if (!alive) return;
    mount(
      list,
      docks.length
        ? docks.map((d) =>
            h(
              'li',
              { 'data-serial': d.serial ?? '' },
              h('span', { class: `dock-state ${d.online ? 'on' : 'off'}` }, d.online ? t('docks.online') : t('docks.offline')),
              ' ',
              h('strong', {}, d.name),
              d.serial ? ` (${d.serial})` : '',
              h('div', { class: 'hint' }, t('docks.lastSeen', { time: fmtTime(d.lastSeenAt) })),
              d.hms.length
                ? h('ul', { class: 'warnings' }, d.hms.map((a) => h('li', { role: 'note', class: `hms-level-${a.level}` }, `⚠ ${t('docks.hms', { code: a.code, level: label('docks.hmsLevel', a.level) })}${a.inTheSky ? ` · ${t('docks.hmsInSky')}` : ''}`)))
                : null,
            ),
          )
        : h('li', { class: 'hint' }, t('docks.empty')),
    );
  };
  const refresh = () => void load().catch(() => {});
  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  const off = onLive('dock.updated', refresh);
  return {
    el,
    dispose() {
      alive = false;
      clearInterval(timer);
      off();
    },
  };
}
