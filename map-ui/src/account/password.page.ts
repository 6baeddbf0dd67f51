/** Change one's password (forced after a one-time password); the server ends the account's other sessions. */
import { ApiError, sendJson } from '../api/http.client.ts';
import type { Page } from '../app.context.ts';
import { t } from '../i18n/i18n.ts';
import { field, h, mount } from '../ui/dom.ts';

export function passwordPage(onChanged: () => void): Page {
  return (main, ctx) => {
    const current = h('input', { type: 'password', name: 'current-password', autocomplete: 'current-password' });
    const next = h('input', { type: 'password', name: 'new-password', autocomplete: 'new-password', minlength: 10, required: true });
    const again = h('input', { type: 'password', name: 'repeat-password', autocomplete: 'new-password', required: true });
    const msg = h('p', { class: 'form-msg', role: 'status', 'aria-live': 'polite' });
    const form = h(
      'form',
      { class: 'card login', 'aria-labelledby': 'password-title' },
      h('h1', { id: 'password-title' }, t('account.title')),
      ctx.me.mustChangePassword ? h('p', { class: 'hint' }, t('account.forced')) : null,
      field(t('account.current'), current),
      field(t('account.new'), next),
      field(t('account.repeat'), again),
      h('button', { type: 'submit', class: 'primary' }, t('account.save')),
      msg,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      msg.classList.remove('error');
      if (next.value !== again.value) {
        msg.textContent = t('account.mismatch');
        msg.classList.add('error');
        return;
      }
      sendJson('POST', '/auth/password', { currentPassword: current.value || undefined, newPassword: next.value })
        .then(() => {
          for (const input of [current, next, again]) input.value = '';
          msg.textContent = t('account.saved');
          onChanged();
        })
        .catch((err: unknown) => {
          msg.textContent = err instanceof ApiError ? err.message : String(err);
          msg.classList.add('error');
        });
    });
    mount(main, form);
    current.focus();
  };
}
