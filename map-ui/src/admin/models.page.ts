/**
 * The admin's model page (#/models): the registered models by band, which one is active in each, and an
 * upload form (an ONNX file and its manifest.json). The server checks the upload (manifest, sha256, shapes,
 * classes) and says what is wrong; a model activated here is used by every worker from its next photo.
 */
import { getJson, postForm, postJson } from '../api/http.client.ts';
import type { Page } from '../app.context.ts';
import { t, tv } from '../i18n/i18n.ts';
import { field, h, mount } from '../ui/dom.ts';
import { toast } from '../ui/toast.ts';

interface ModelRow {
  id: string;
  band: 'visible' | 'thermal';
  classes: { id: string }[];
  metrics?: { map50?: number | null };
  active: boolean;
}

export const renderModelsPage: Page = (main) => {
  const list = h('div', { 'data-testid': 'models' });
  const load = (): void => {
    getJson<{ models: ModelRow[] }>('/models')
      .then(({ models }) => {
        const rows = models.map((m) => {
          const activate = h('button', { type: 'button', class: 'secondary', disabled: m.active }, m.active ? t('models.active') : t('models.activate'));
          activate.addEventListener('click', () => {
            postJson(`/models/${encodeURIComponent(m.id)}/activate`, {})
              .then(load)
              .catch((err: Error) => toast(t('common.error', { message: err.message }), 'error'));
          });
          return h('tr', {}, h('td', {}, m.id), h('td', {}, tv('band', m.band)), h('td', {}, m.classes.map((c) => tv('class', c.id)).join(', ')), h('td', {}, m.metrics?.map50 != null ? m.metrics.map50.toFixed(3) : '—'), h('td', {}, activate));
        });
        const head = [t('models.model'), t('panel.band'), t('panel.class'), 'mAP@0.5', ''];
        mount(list, h('table', { class: 'data' }, h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows)));
      })
      .catch((err: Error) => mount(list, h('p', { class: 'error', role: 'alert' }, t('common.error', { message: err.message }))));
  };
  const onnx = h('input', { type: 'file', name: 'model', accept: '.onnx', required: true });
  const manifest = h('input', { type: 'file', name: 'manifest', accept: '.json,application/json', required: true });
  const activateNow = h('input', { type: 'checkbox', name: 'activate' });
  const submit = h('button', { type: 'submit' }, t('models.upload'));
  const form = h('form', { class: 'card' }, h('h2', {}, t('models.upload')), field(t('models.onnx'), onnx), field(t('models.manifest'), manifest), field(t('models.activateNow'), activateNow), submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const fd = new FormData();
    if (onnx.files?.[0]) fd.append('model', onnx.files[0]);
    if (manifest.files?.[0]) fd.append('manifest', manifest.files[0]);
    submit.disabled = true;
    postForm<{ id: string }>(`/models${activateNow.checked ? '?activate=true' : ''}`, fd)
      .then((m) => {
        toast(t('models.uploaded', { id: m.id }));
        form.reset();
        load();
      })
      .catch((err: Error) => toast(t('common.error', { message: err.message }), 'error'))
      .finally(() => (submit.disabled = false));
  });
  mount(main, h('section', { class: 'card' }, h('h2', {}, t('models.title')), list), form);
  load();
};
