/** Admin tabs for the rules engine's inputs: zones (import GeoJSON), rules (edit in place), webhooks. */
import { getJson, sendJson } from '../api/http.client.ts';
import type { Severity, ZoneCollection, ZoneKind } from '../api/types.ts';
import { t, tv } from '../i18n/i18n.ts';
import { field, h, mount, select } from '../ui/dom.ts';
import { button, errorText, table, text, type TabContext } from './admin.ui.ts';

const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

interface Rule {
  id: string;
  class: string;
  zoneKind: ZoneKind | '*';
  violation: string;
  severity: Severity;
  rectificationDays: number;
  alertImmediately: boolean;
}
interface Webhook {
  id: string;
  url: string;
  format: string;
  departmentId: string | null;
  minSeverity: Severity;
  signed: boolean;
}

export async function drawZones(tab: TabContext): Promise<void> {
  const zones = await getJson<ZoneCollection>('/zones');
  const file = h('input', { type: 'file', accept: '.geojson,.json,application/geo+json,application/json' });
  const form = h('form', { class: 'inline-form' }, field(t('admin.importZones'), file), h('button', { type: 'submit', class: 'primary' }, t('admin.import')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    void chosen.text().then(
      (raw) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          tab.say(t('admin.notJson'), true);
          return;
        }
        void tab.act(sendJson('POST', '/zones', parsed), t('admin.done'));
      },
      (err: unknown) => tab.say(errorText(err), true),
    );
  });
  const rows = zones.features.map((z) => [text(z.properties.id), text(z.properties.name), text(tv('zone', z.properties.kind)), text(z.geometry.type)]);
  mount(tab.body, form, table([t('admin.id'), t('admin.name'), t('admin.kind'), t('admin.geometry')], rows));
}

export async function drawRules(tab: TabContext): Promise<void> {
  const { rules } = await getJson<{ rules: Rule[] }>('/rules');
  const rows = rules.map((r) => {
    const severity = select('severity', SEVERITIES.map((s) => [s, tv('severity', s)]), r.severity);
    const days = h('input', { type: 'number', min: 1, max: 3650, value: r.rectificationDays, 'aria-label': t('admin.days'), class: 'narrow' });
    const alert = h('input', { type: 'checkbox', checked: r.alertImmediately, 'aria-label': t('admin.alert') });
    const save = button(t('admin.save'), () =>
      void tab.act(sendJson('PUT', '/rules', { class: r.class, zoneKind: r.zoneKind, violation: r.violation, severity: severity.value, rectificationDays: Number(days.value), alertImmediately: alert.checked }), t('admin.done')),
    );
    return [text(tv('class', r.class)), text(r.zoneKind === '*' ? t('admin.anywhere') : tv('zone', r.zoneKind)), text(r.violation), severity, days, alert, save];
  });
  mount(tab.body, table([t('admin.class'), t('admin.kind'), t('admin.violation'), t('admin.severity'), t('admin.days'), t('admin.alert'), ''], rows));
}

export async function drawWebhooks(tab: TabContext): Promise<void> {
  const [{ webhooks }, { departments }] = await Promise.all([getJson<{ webhooks: Webhook[] }>('/webhooks'), getJson<{ departments: Array<{ id: string; name: string }> }>('/departments')]);
  const url = h('input', { type: 'url', name: 'url', required: true });
  const format = select('format', [['json', 'JSON'], ['dingtalk', '钉钉 DingTalk'], ['wecom', '企业微信 WeCom']], 'json');
  const dept = select('departmentId', [['', t('admin.allDepartments')], ...departments.map((d): [string, string] => [d.id, d.name])]);
  const min = select('minSeverity', SEVERITIES.map((s) => [s, tv('severity', s)]), 'high');
  const secret = h('input', { type: 'password', name: 'secret', autocomplete: 'off', minlength: 8 });
  const form = h(
    'form',
    { class: 'inline-form' },
    field(t('admin.url'), url),
    field(t('admin.format'), format),
    field(t('admin.department'), dept),
    field(t('admin.minSeverity'), min),
    field(t('admin.secret'), secret),
    h('button', { type: 'submit', class: 'primary' }, t('admin.add')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void tab.act(sendJson('POST', '/webhooks', { url: url.value.trim(), format: format.value, departmentId: dept.value || null, minSeverity: min.value, secret: secret.value || null }), t('admin.done'));
  });
  const deptName = new Map(departments.map((d) => [d.id, d.name]));
  const rows = webhooks.map((w) => [
    text(w.url),
    text(w.format),
    text(w.departmentId ? (deptName.get(w.departmentId) ?? w.departmentId) : t('admin.allDepartments')),
    text(tv('severity', w.minSeverity)),
    text(w.signed ? '✓' : ''),
    button(t('admin.remove'), () => void tab.act(sendJson('DELETE', `/webhooks/${encodeURIComponent(w.id)}`), t('admin.done'))),
  ]);
  mount(tab.body, form, table([t('admin.url'), t('admin.format'), t('admin.department'), t('admin.minSeverity'), t('admin.signed'), ''], rows));
}
