/** Small pieces the admin tabs share: a data table, a text cell, a link-styled button, a message line. */
import { ApiError } from '../api/http.client.ts';
import { h } from '../ui/dom.ts';

export const table = (head: string[], rows: Node[][]) =>
  h('table', { class: 'data' }, h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));

export const text = (s: string | number | null | undefined) => document.createTextNode(s === null || s === undefined || s === '' ? '—' : String(s));

export const button = (label: string, onclick: () => void) => h('button', { type: 'button', class: 'link', onclick }, label);

/** What a tab gets: where to draw, how to tell the user, and how to redraw after a change. */
export interface TabContext {
  body: HTMLElement;
  say: (message: string, error?: boolean) => void;
  /** Runs a change, then says `done` and redraws, or says what went wrong. */
  act: (work: Promise<unknown>, done: string) => Promise<void>;
  redraw: () => Promise<void>;
}

export const errorText = (err: unknown): string => (err instanceof ApiError ? err.message : String(err));
