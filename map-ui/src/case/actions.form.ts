/**
 * The actions the user's role may take on a case (from case.allowedActions): one button each; the
 * chosen action opens its fields (reason for dismiss, assignee and due date for dispatch, site photos
 * from the phone camera for rectification and verification) and posts it.
 */
import { postForm, postJson } from '../api/http.client.ts';
import type { CaseAction, CaseSummary } from '../api/types.ts';
import { t, tv } from '../i18n/i18n.ts';
import { field, h, mount } from '../ui/dom.ts';
import { toast } from '../ui/toast.ts';

const WITH_PHOTOS: CaseAction[] = ['report-rectified', 'verify'];

/** Default due date: a week from now, as a datetime-local value. */
function inAWeek(): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/** Build the actions block; `onDone` gets the updated case. */
export function actionsForm(c: CaseSummary, onDone: (updated: unknown) => void): HTMLElement {
  const wrap = h('section', { class: 'actions', 'aria-labelledby': `act-${c.id}` }, h('h3', { id: `act-${c.id}` }, t('panel.actions')));
  if (!c.allowedActions.length) {
    wrap.append(h('p', { class: 'hint' }, t('action.none')));
    return wrap;
  }
  const formHost = h('div');
  const buttons = h(
    'div',
    { class: 'action-buttons', role: 'group', 'aria-label': t('panel.actions') },
    c.allowedActions.map((a) => h('button', { type: 'button', class: `act act-${a}`, 'data-action': a, onclick: () => mount(formHost, actionForm(c, a, onDone)) }, tv('action', a))),
  );
  wrap.append(buttons, formHost);
  return wrap;
}

function actionForm(c: CaseSummary, action: CaseAction, onDone: (updated: unknown) => void): HTMLElement {
  const note = h('textarea', { name: 'note', rows: 2, required: action === 'dismiss' });
  const controls: HTMLElement[] = [field(action === 'dismiss' ? t('action.reason') : t('action.note'), note)];
  let assignee: HTMLInputElement | null = null;
  let due: HTMLInputElement | null = null;
  let photos: HTMLInputElement | null = null;
  if (action === 'dispatch') {
    assignee = h('input', { type: 'text', name: 'assignee', required: true, value: c.assignee ?? '' });
    due = h('input', { type: 'datetime-local', name: 'dueAt', required: true, value: inAWeek() });
    controls.push(field(t('action.assignee'), assignee), field(t('action.dueAt'), due));
  }
  if (WITH_PHOTOS.includes(action)) {
    // capture=environment opens the rear camera on a phone; on a desktop it is a file picker.
    photos = h('input', { type: 'file', name: 'files', accept: 'image/*', capture: 'environment', multiple: true });
    controls.push(field(t('action.photos'), photos));
  }
  const submit = h('button', { type: 'submit', class: 'primary' }, `${tv('action', action)} · ${t('action.submit')}`);
  const form = h('form', { class: 'action-form', 'data-action': action }, controls, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit.disabled = true;
    void (async () => {
      try {
        const body: Record<string, string | string[]> = { action };
        if (photos?.files?.length) {
          const fd = new FormData();
          for (const f of photos.files) fd.append('files', f, f.name);
          const reply = await postForm<{ attachments?: { id: string }[] }>(`/cases/${c.id}/attachments`, fd);
          // The photos belong to this step: the action names them.
          body['attachmentIds'] = (reply.attachments ?? []).map((a) => a.id);
        }
        if (note.value.trim()) body['note'] = note.value.trim();
        if (assignee) body['assignee'] = assignee.value.trim();
        if (due?.value) body['dueAt'] = new Date(due.value).toISOString();
        const updated = await postJson(`/cases/${c.id}/actions`, body);
        toast(t('action.done', { action: tv('action', action) }));
        onDone(updated);
      } catch (err) {
        toast(t('common.error', { message: (err as Error).message }), 'error');
        submit.disabled = false;
      }
    })();
  });
  queueMicrotask(() => (action === 'dispatch' ? assignee : note)?.focus());
  return form;
}
