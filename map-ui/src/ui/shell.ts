/** The page frame: title, navigation by role, live status, language switch, the current user. */
import type { Me } from '../api/types.ts';
import { lang, setLang, t, tv } from '../i18n/i18n.ts';
import { h, mount } from './dom.ts';

/** Which pages each role sees in the navigation. */
const NAV: { hash: string; key: 'nav.map' | 'nav.cases' | 'nav.missions' | 'nav.dashboard' | 'nav.admin' | 'nav.account'; roles: string[] }[] = [
  { hash: '#/map', key: 'nav.map', roles: ['officer', 'manager', 'admin'] },
  { hash: '#/cases', key: 'nav.cases', roles: ['officer', 'manager', 'admin'] },
  { hash: '#/missions', key: 'nav.missions', roles: ['operator', 'admin', 'dock'] },
  { hash: '#/dashboard', key: 'nav.dashboard', roles: ['manager', 'admin'] },
  { hash: '#/admin', key: 'nav.admin', roles: ['admin'] },
  { hash: '#/account', key: 'nav.account', roles: ['operator', 'officer', 'manager', 'admin'] },
];

/** Render the header into #app's header slot; returns the main element for the page. */
export function renderShell(root: HTMLElement, me: Me | null, onChange: () => void, onLogout: () => void): HTMLElement {
  const current = location.hash.split('?')[0] || '#/map';
  const nav = h(
    'nav',
    { 'aria-label': t('app.title') },
    me ? NAV.filter((n) => n.roles.includes(me.role)).map((n) => h('a', { href: n.hash, 'aria-current': current.startsWith(n.hash) ? 'page' : null }, t(n.key))) : [],
  );
  const langBtn = h(
    'button',
    {
      type: 'button',
      class: 'link',
      // A title, not aria-label: the visible text ("English" / "中文") must stay the accessible name.
      title: t('nav.langLabel'),
      lang: lang() === 'zh' ? 'en' : 'zh',
      onclick: () => {
        setLang(lang() === 'zh' ? 'en' : 'zh');
        onChange();
      },
    },
    t('nav.lang'),
  );
  const user = me
    ? h('span', { class: 'user', 'data-role': me.role }, `${me.name} · ${tv('role', me.role)}`, ' ', h('button', { type: 'button', class: 'link', onclick: onLogout }, t('nav.logout')))
    : null;
  const header = h('header', { class: 'topbar' }, h('a', { class: 'brand', href: '#/' }, t('app.title')), nav, h('span', { class: 'spacer' }), h('span', { id: 'live-status', class: 'live' }), langBtn, user);
  const main = h('main', { id: 'main', tabindex: '-1' });
  // A button, not href="#main": the hash is the router's.
  const skip = h('button', { type: 'button', class: 'skip', onclick: () => main.focus() }, lang() === 'zh' ? '跳到主要内容' : 'Skip to content');
  mount(root, skip, header, main);
  return main;
}
