/**
 * The other photos of the evidence photo's shot (a DJI _W/_T pair, or photos taken at the same time and
 * place): small thumbnails under the photo, labelled by band, each opening its annotated image, so an
 * officer sees the thermal and the visible view of a fire together.
 */
import { authedUrl } from '../api/http.client.ts';
import type { ImageDetail } from '../api/types.ts';
import { t, tv } from '../i18n/i18n.ts';
import { h } from '../ui/dom.ts';

export function shotStrip(image: ImageDetail | undefined): HTMLElement | null {
  const others = image?.shot ?? [];
  if (others.length === 0) return null;
  return h(
    'section',
    { class: 'shot-strip', 'data-testid': 'shot' },
    h('h3', {}, t('panel.shot')),
    ...others.map((o) =>
      h(
        'a',
        { href: authedUrl(`/images/${o.id}/annotated`), target: '_blank', rel: 'noopener', class: 'shot-photo' },
        h('img', { src: authedUrl(`/images/${o.id}/thumbnail`), alt: `${tv('band', o.band)}: ${o.filename}`, loading: 'lazy', width: '160' }),
        h('span', { class: 'small' }, `${tv('band', o.band)} · ${o.filename}`),
      ),
    ),
  );
}
