/** The per-file table of the missions page: a progress bar and a status for each file. */
import type { MissionImage } from '../api/types.ts';
import { t, tv } from '../i18n/i18n.ts';
import { h } from '../ui/dom.ts';

export type RowState = 'queued' | 'uploading' | 'processing' | 'done' | 'failed' | 'duplicate';

/** One file's row. */
export class FileRow {
  readonly el: HTMLTableRowElement;
  imageId: string | null = null;
  private readonly bar: HTMLProgressElement;
  private readonly statusEl: HTMLElement;

  constructor(readonly name: string) {
    this.bar = h('progress', { max: 1, value: 0, 'aria-label': name });
    this.statusEl = h('span', { class: 'file-status' });
    this.el = h('tr', { 'data-file': name }, h('td', { class: 'fname' }, name), h('td', {}, this.bar), h('td', {}, this.statusEl));
    this.set('queued');
  }

  /** Upload progress, 0..1. */
  progress(fraction: number): void {
    this.bar.value = fraction;
  }

  /** Show a state, with the reason when it failed. */
  set(state: RowState, reason?: string): void {
    if (state !== 'queued' && state !== 'uploading') this.bar.value = 1;
    this.el.dataset['status'] = state;
    this.statusEl.className = `file-status st-${state}`;
    this.statusEl.textContent = reason ? `${tv('upload', state)}: ${reason}` : tv('upload', state);
  }

  /** Mirror the server's view of the image. */
  fromImage(img: Pick<MissionImage, 'status' | 'error'>): void {
    // A duplicate stays one; a row still uploading shows its upload, not the server's first word.
    const state = this.el.dataset['status'];
    if (state === 'duplicate' || state === 'uploading') return;
    if (img.status === 'failed') this.set('failed', img.error);
    else if (img.status === 'done') this.set('done');
    else this.set('processing');
  }
}

/** The table that holds the rows. */
export function filesTable(): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'files' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('missions.files')), h('th', { scope: 'col' }, '%'), h('th', { scope: 'col' }, t('missions.status')))),
    body,
  );
  return { table, body };
}
