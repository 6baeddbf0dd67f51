/**
 * Administration (admins only): accounts, departments, docks and their keys. A one-time password or a
 * dock key is shown once, right after it is made; the server never sends it again.
 */
import { ApiError, getJson, sendJson } from '../api/http.client.ts';
import type { Role } from '../api/types.ts';
import type { Page } from '../app.context.ts';
import { t, tv } from '../i18n/i18n.ts';
import { field, h, mount, select } from '../ui/dom.ts';
import '../styles/admin.css';

interface Account {
  id: string;
  name: string;
  role: Role;
  departmentId: string | null;
  dockId: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
}
interface Department {
  id: string;
  name: string;
  district: string | null;
}
interface Dock {
  id: string;
  name: string;
  lat: number | null;
  lon: number | null;
  droneModel: string | null;
}
interface Key {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const ROLES: Role[] = ['officer', 'manager', 'operator', 'admin'];
const TABS = ['users', 'departments', 'docks'] as const;
type Tab = (typeof TABS)[number];

const table = (head: string[], rows: Node[][]) =>
  h('table', { class: 'data' }, h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
const text = (s: string | null | undefined) => document.createTextNode(s ?? '—');
const button = (label: string, onclick: () => void, attrs: Record<string, string> = {}) => h('button', { type: 'button', class: 'link', onclick, ...attrs }, label);

export const renderAdminPage: Page = (main, ctx) => {
  const tab: Tab = TABS.includes(ctx.segments[0] as Tab) ? (ctx.segments[0] as Tab) : 'users';
  const msg = h('p', { class: 'form-msg', role: 'status', 'aria-live': 'polite' });
  const body = h('div');
  const say = (message: string, error = false) => {
    msg.textContent = message;
    msg.classList.toggle('error', error);
  };
  const act = (work: Promise<unknown>, done: string) =>
    work.then(
      () => {
        say(done);
        void draw();
      },
      (err: unknown) => say(err instanceof ApiError ? err.message : String(err), true),
    );
  const tabs = h('nav', { class: 'tabs', 'aria-label': t('nav.admin') }, TABS.map((k) => h('a', { href: `#/admin/${k}`, 'aria-current': k === tab ? 'page' : null }, t(`admin.${k}`))));
  mount(main, h('section', { class: 'card admin' }, h('h1', {}, t('nav.admin')), tabs, msg, body));

  async function drawUsers(): Promise<void> {
    const [{ users }, { departments }] = await Promise.all([getJson<{ users: Account[] }>('/users'), getJson<{ departments: Department[] }>('/departments')]);
    const deptName = new Map(departments.map((d) => [d.id, d.name]));
    const name = h('input', { name: 'name', required: true, maxlength: 100 });
    const role = select('role', ROLES.map((r) => [r, tv('role', r)]), 'officer');
    const dept = select('departmentId', [['', t('admin.none')], ...departments.map((d): [string, string] => [d.id, d.name])]);
    const form = h('form', { class: 'inline-form' }, field(t('admin.name'), name), field(t('admin.role'), role), field(t('admin.department'), dept), h('button', { type: 'submit', class: 'primary' }, t('admin.add')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      sendJson<{ oneTimePassword?: string }>('POST', '/users', { name: name.value.trim(), role: role.value, departmentId: dept.value || null }).then(
        (r) => {
          void draw().then(() => say(r?.oneTimePassword ? t('admin.oneTime', { name: name.value.trim(), password: r.oneTimePassword }) : t('admin.done')));
        },
        (err: unknown) => say(err instanceof ApiError ? err.message : String(err), true),
      );
    });
    const rows = users.map((u) => [
      text(u.name),
      text(tv('role', u.role)),
      text(u.departmentId ? (deptName.get(u.departmentId) ?? u.departmentId) : u.dockId),
      text(u.disabled ? t('admin.disabled') : t('admin.active')),
      h(
        'span',
        { class: 'actions' },
        u.role === 'dock'
          ? null
          : button(t('admin.reset'), () =>
              void sendJson<{ oneTimePassword: string }>('POST', `/users/${encodeURIComponent(u.id)}/password-reset`).then(
                (r) => say(t('admin.oneTime', { name: u.name, password: r!.oneTimePassword })),
                (err: unknown) => say(String((err as Error).message), true),
              ),
            ),
        ' ',
        button(t('admin.endSessions'), () => void act(sendJson('DELETE', `/users/${encodeURIComponent(u.id)}/sessions`), t('admin.done'))),
        ' ',
        button(u.disabled ? t('admin.enable') : t('admin.disable'), () => void act(sendJson('PATCH', `/users/${encodeURIComponent(u.id)}`, { disabled: !u.disabled }), t('admin.done'))),
      ),
    ]);
    mount(body, form, table([t('admin.name'), t('admin.role'), t('admin.department'), t('admin.status'), ''], rows));
  }

  async function drawDepartments(): Promise<void> {
    const { departments } = await getJson<{ departments: Department[] }>('/departments');
    const id = h('input', { name: 'id', required: true, pattern: '[A-Za-z0-9_-]{1,64}' });
    const name = h('input', { name: 'name', required: true, maxlength: 200 });
    const district = h('input', { name: 'district', maxlength: 200 });
    const form = h('form', { class: 'inline-form' }, field(t('admin.id'), id), field(t('admin.name'), name), field(t('admin.district'), district), h('button', { type: 'submit', class: 'primary' }, t('admin.add')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void act(sendJson('POST', '/departments', { id: id.value.trim(), name: name.value.trim(), district: district.value.trim() || null }), t('admin.done'));
    });
    const rows = departments.map((d) => [text(d.id), text(d.name), text(d.district), button(t('admin.remove'), () => void act(sendJson('DELETE', `/departments/${encodeURIComponent(d.id)}`), t('admin.done')))]);
    mount(body, form, table([t('admin.id'), t('admin.name'), t('admin.district'), ''], rows));
  }

  async function drawDocks(): Promise<void> {
    const { docks } = await getJson<{ docks: Dock[] }>('/docks');
    const id = h('input', { name: 'id', required: true, pattern: '[A-Za-z0-9_-]{1,64}' });
    const name = h('input', { name: 'name', required: true, maxlength: 200 });
    const model = h('input', { name: 'droneModel', maxlength: 100 });
    const form = h('form', { class: 'inline-form' }, field(t('admin.id'), id), field(t('admin.name'), name), field(t('admin.droneModel'), model), h('button', { type: 'submit', class: 'primary' }, t('admin.add')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void act(sendJson('POST', '/docks', { id: id.value.trim(), name: name.value.trim(), droneModel: model.value.trim() || null }), t('admin.done'));
    });
    const keyLists = await Promise.all(docks.map((d) => getJson<{ keys: Key[] }>(`/docks/${encodeURIComponent(d.id)}/keys`)));
    const rows = docks.map((d, i) => [
      text(d.id),
      text(d.name),
      text(d.droneModel),
      h(
        'ul',
        { class: 'keys' },
        keyLists[i]!.keys.map((k) =>
          h('li', {}, `${k.name} · ${k.revokedAt ? t('admin.revoked') : (k.lastUsedAt ?? '—')} `, k.revokedAt ? null : button(t('admin.revoke'), () => void act(sendJson('DELETE', `/docks/${encodeURIComponent(d.id)}/keys/${encodeURIComponent(k.id)}`), t('admin.done')))),
        ),
      ),
      button(t('admin.newKey'), () =>
        void sendJson<{ key: string }>('POST', `/docks/${encodeURIComponent(d.id)}/keys`, { name: `${d.name} ${new Date().toISOString().slice(0, 10)}` }).then(
          (r) => void draw().then(() => say(t('admin.keyShown', { dock: d.name, key: r!.key }))),
          (err: unknown) => say(String((err as Error).message), true),
        ),
      ),
    ]);
    mount(body, form, table([t('admin.id'), t('admin.name'), t('admin.droneModel'), t('admin.keys'), ''], rows));
  }

  async function draw(): Promise<void> {
    try {
      if (tab === 'users') await drawUsers();
      else if (tab === 'departments') await drawDepartments();
      else await drawDocks();
    } catch (err) {
      say(err instanceof ApiError ? err.message : String(err), true);
    }
  }
  void draw();
};
