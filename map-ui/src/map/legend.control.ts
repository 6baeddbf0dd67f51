/** The map legend: severity colours and status shapes of the case markers. */
import L from 'leaflet';
import { SEVERITIES } from '../../../core/domain.ts';
import { t, tv } from '../i18n/i18n.ts';
import { h } from '../ui/dom.ts';
import { SEVERITY_COLOR } from './severity.style.ts';

/** A bottom-left legend control. */
export function legend(): L.Control {
  const control = new L.Control({ position: 'bottomleft' });
  control.onAdd = () =>
    h(
      'div',
      { class: 'legend leaflet-bar', 'aria-hidden': 'true' },
      h('span', { class: 'legend-row' }, SEVERITIES.map((s) => h('span', { class: 'legend-item' }, h('i', { style: `background:${SEVERITY_COLOR[s]}` }), tv('severity', s)))),
      h(
        'span',
        { class: 'legend-row' },
        h('span', { class: 'legend-item' }, h('i', { style: 'background:#6c757d' }), t('legend.open')),
        h('span', { class: 'legend-item' }, h('i', { class: 'hollow' }), t('legend.rectified')),
        h('span', { class: 'legend-item' }, h('i', { class: 'greyed' }), t('legend.closed')),
      ),
    );
  return control;
}
