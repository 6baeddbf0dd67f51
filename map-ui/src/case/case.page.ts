/**
 * The phone page for an officer on site (#/case/:id): the case in one column, the route link at the
 * top, big touch targets, and the camera for the rectification or verification photos.
 */
import 'leaflet/dist/leaflet.css';
import type { Page } from '../app.context.ts';
import { t } from '../i18n/i18n.ts';
import { h, mount } from '../ui/dom.ts';
import { onLive } from '../live/events.client.ts';
import { renderCaseView } from './case.view.ts';

/** Render the case page. */
export const renderCasePage: Page = (main, ctx) => {
  const id = ctx.segments[0];
  if (!id) {
    location.replace('#/map');
    return;
  }
  const body = h('div', { class: 'case-page' });
  mount(main, h('p', {}, h('a', { href: `#/map?case=${id}` }, `← ${t('common.back')}`)), body);
  const view = renderCaseView(body, id, { phone: true });
  const off = onLive('case.updated', (data) => {
    const c = data as { id?: string; case?: { id: string } };
    if ((c.case?.id ?? c.id) === id) view.refresh();
  });
  return () => {
    off();
    view.dispose();
  };
};
