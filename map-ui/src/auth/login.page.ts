/**
 * The sign-in page: name and password, or an access token (scripts' tokens and the demo accounts'). Either
 * way the server answers with an HttpOnly session cookie; nothing is kept in page storage.
 */
import { ApiError, postJson } from '../api/http.client.ts';
import type { Me } from '../api/types.ts';
import { t, tv } from '../i18n/i18n.ts';
import { field, h, mount } from '../ui/dom.ts';

/** Draw the sign-in form; `onLogin` runs with the user once the server accepted the credentials. */
export function renderLogin(main: HTMLElement, onLogin: (me: Me) => void): void {
  const name = h('input', { type: 'text', name: 'username', autocomplete: 'username' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password' });
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'off', 'aria-describedby': 'login-hint' });
  const msg = h('p', { class: 'form-msg', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, t('login.title')),
    field(t('login.name'), name),
    field(t('login.password'), password),
    h('p', { class: 'hint' }, t('login.or')),
    field(t('login.token'), token),
    h('p', { id: 'login-hint', class: 'hint' }, t('login.hint')),
    h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
    msg,
  );
  const fail = (text: string, focus: HTMLInputElement) => {
    msg.textContent = text;
    msg.classList.add('error');
    focus.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    msg.classList.remove('error');
    const byToken = token.value.trim() !== '';
    if (!byToken && (!name.value.trim() || !password.value)) return fail(t('login.missing'), name.value.trim() ? password : name);
    const body = byToken ? { token: token.value.trim() } : { name: name.value.trim(), password: password.value };
    postJson<{ user: Me }>('/auth/session', body)
      .then(({ user }) => {
        password.value = '';
        token.value = '';
        msg.textContent = t('login.as', { name: user.name, role: tv('role', user.role) });
        onLogin(user);
      })
      .catch((err: unknown) => {
        password.value = '';
        if (err instanceof ApiError && err.status === 429) fail(t('login.locked'), password);
        else fail(byToken ? t('login.bad') : t('login.wrong'), byToken ? token : password);
      });
  });
  mount(main, form);
  name.focus();
}
