/** The login page: paste a token, check it against GET /me, remember it. */
import { getJson } from '../api/http.client.ts';
import { getToken, setToken } from '../api/token.store.ts';
import type { Me } from '../api/types.ts';
import { t, tv } from '../i18n/i18n.ts';
import { field, h, mount } from '../ui/dom.ts';

/** Draw the login form; `onLogin` runs with the user once the token is accepted. */
export function renderLogin(main: HTMLElement, onLogin: (me: Me) => void): void {
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, value: getToken() ?? '', 'aria-describedby': 'login-hint' });
  const msg = h('p', { class: 'form-msg', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, t('login.title')),
    field(t('login.token'), input),
    h('p', { id: 'login-hint', class: 'hint' }, t('login.hint')),
    h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
    msg,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setToken(input.value);
    getJson<Me>('/me')
      .then((me) => {
        msg.textContent = t('login.as', { name: me.name, role: tv('role', me.role) });
        onLogin(me);
      })
      .catch(() => {
        setToken('');
        msg.textContent = t('login.bad');
        msg.classList.add('error');
        input.focus();
      });
  });
  mount(main, form);
  input.focus();
}
