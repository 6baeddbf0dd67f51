/** The map legend: severity colours (the markers) and zone styles. */
import L from 'leaflet';
import { SEVERITIES } from '../../../core/domain.ts';
import { tv } from '../i18n/i18n.ts';
import { h } from '../ui/dom.ts';
import { SEVERITY_COLOR } from './severity.style.ts';

/** A bottom-left legend control. */
export function legend(): L.Control {
  const control = new L.Control({ position: 'bottomleft' });
  control.onAdd = () =>
    h(
      'div',
      { class: 'legend leaflet-bar', 'aria-hidden': 'true' },
      SEVERITIES.map((s) => h('span', { class: 'legend-item' }, h('i', { style: `background:${SEVERITY_COLOR[s]}` }), tv('severity', s))),
    );
  return control;
}
