/**
 * Entry: reads the map config, asks the server who the session cookie belongs to, then routes by location.hash
 * (#/login, #/map, #/case/:id, #/missions, #/dashboard). Pages are loaded on demand so the
 * dashboard's charts never weigh on the map.
 */
import './styles/app.css';
import './styles/print.css';
import { getJson, sendJson } from './api/http.client.ts';
import type { Me, UiConfig } from './api/types.ts';
import { FALLBACK_CONFIG, type AppContext, type Page } from './app.context.ts';
import { renderLogin } from './auth/login.page.ts';
import { passwordPage } from './account/password.page.ts';
import { lang, setLang, t } from './i18n/i18n.ts';
import { connectLive, disconnectLive } from './live/events.client.ts';
import { h, mount } from './ui/dom.ts';
import { renderShell } from './ui/shell.ts';

const root = document.getElementById('app') as HTMLElement;
let me: Me | null = null;
let config: UiConfig = FALLBACK_CONFIG;
let cleanup: (() => void) | void = undefined;

/** Landing page per role: officers work on the map, operators on missions. */
function home(role: Me['role']): string {
  if (role === 'operator' || role === 'dock') return '#/missions';
  return '#/map';
}

const PAGES: Record<string, { roles: Me['role'][]; load: () => Promise<Page> }> = {
  map: { roles: ['officer', 'manager', 'admin'], load: async () => (await import('./map/map.page.ts')).renderMapPage },
  case: { roles: ['officer', 'manager', 'admin'], load: async () => (await import('./case/case.page.ts')).renderCasePage },
  missions: { roles: ['operator', 'admin', 'dock'], load: async () => (await import('./missions/missions.page.ts')).renderMissionsPage },
  dashboard: { roles: ['manager', 'admin'], load: async () => (await import('./dashboard/dashboard.page.ts')).renderDashboardPage },
  cases: { roles: ['officer', 'manager', 'admin'], load: async () => (await import('./cases/case-list.page.ts')).renderCaseListPage },
  admin: { roles: ['admin'], load: async () => (await import('./admin/admin.page.ts')).renderAdminPage },
  account: { roles: ['operator', 'officer', 'manager', 'admin'], load: async () => passwordPage(passwordChanged) },
  models: { roles: ['admin'], load: async () => (await import('./admin/models.page.ts')).renderModelsPage },
};

/** After a password change the account may use every page its role allows. */
function passwordChanged(): void {
  if (me?.mustChangePassword) {
    me = { ...me, mustChangePassword: false };
    location.hash = home(me.role);
  }
}

function logout(): void {
  // The server ends the session and clears the HttpOnly cookie (page scripts cannot).
  void sendJson('DELETE', '/auth/session').catch(() => undefined);
  disconnectLive();
  me = null;
  location.hash = '#/login';
}

/** Counts routings: a page whose code arrives after the user moved on must not render (nor leak its listeners). */
let routing = 0;

async function route(): Promise<void> {
  const mine = ++routing;
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = '', ...segments] = path.split('/').filter(Boolean);
  // The login page switches user: whoever was logged in is not shown (nor streamed to) meanwhile.
  if (name === 'login' && me) {
    me = null;
    disconnectLive();
  }
  const main = renderShell(root, me, () => void route(), logout);
  document.title = t('app.title');
  if (!me || name === 'login') {
    // A link into a page (an alert's #/case/<id>) opened while logged out leads there after the login.
    const wanted = name && name !== 'login' ? location.hash : null;
    renderLogin(main, (user) => {
      me = user;
      // The stream was opened with the previous session's cookie: a new login needs a new stream.
      disconnectLive();
      // A one-time password is replaced first; the live stream opens on the next page (route() below).
      const next = user.mustChangePassword ? '#/account' : wanted && PAGES[name]?.roles.includes(user.role) ? wanted : home(user.role);
      if (location.hash === next) void route();
      else location.hash = next;
    });
    return;
  }
  // A one-time password must be replaced before anything else (the server refuses the rest meanwhile).
  if (me.mustChangePassword && name !== 'account') {
    location.replace('#/account');
    return;
  }
  const page = PAGES[name];
  if (!page) {
    location.replace(home(me.role));
    return;
  }
  if (!page.roles.includes(me.role)) {
    mount(main, h('p', { class: 'card error', role: 'alert' }, t('common.forbidden')));
    return;
  }
  if (!me.mustChangePassword) connectLive();
  const ctx: AppContext = { me, config, params: new URLSearchParams(query), segments };
  try {
    const render = await page.load();
    if (mine !== routing) return;
    cleanup = render(main, ctx);
  } catch (err) {
    mount(main, h('p', { class: 'card error', role: 'alert' }, t('common.error', { message: (err as Error).message })));
  }
}

async function start(): Promise<void> {
  setLang(lang());
  config = await getJson<UiConfig>('/ui-config').catch(() => FALLBACK_CONFIG);
  me = await getJson<Me>('/me').catch(() => null);
  window.addEventListener('hashchange', () => void route());
  if (!location.hash || location.hash === '#/') location.replace(me ? home(me.role) : '#/login');
  await route();
}

void start();
