/**
 * The basemap switch on the map: a labelled select of the basemaps this deployment offers. A choice is
 * remembered for the user and the page is drawn again on it (a GCJ-02 basemap moves every overlay).
 */
import L from 'leaflet';
import type { UiConfig } from '../api/types.ts';
import { t } from '../i18n/i18n.ts';
import { h } from '../ui/dom.ts';
import { availableBasemaps, chooseBasemap, chosenBasemap, type BasemapId } from './basemap.providers.ts';

export function basemapSwitch(userId: string, config: UiConfig, onChange: () => void): L.Control {
  const control = new L.Control({ position: 'topright' });
  control.onAdd = () => {
    const current = chosenBasemap(userId, config);
    const sel = h('select', { name: 'basemap', 'aria-label': t('basemap.label'), 'data-testid': 'basemap' }, availableBasemaps(config).map((id) => h('option', { value: id, selected: id === current }, t(`basemap.${id}`))));
    sel.addEventListener('change', () => {
      chooseBasemap(userId, sel.value as BasemapId);
      onChange();
    });
    const box = h('div', { class: 'basemap-switch leaflet-bar' }, h('label', {}, h('span', { class: 'visually-hidden' }, t('basemap.label')), sel));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  return control;
}
