/** What every page gets: the logged-in user and the map configuration. */
import type { Me, UiConfig } from './api/types.ts';

export interface AppContext {
  me: Me;
  config: UiConfig;
  /** Query parameters of the hash route (#/map?case=123). */
  params: URLSearchParams;
  /** Path segments after the page name (#/case/123 -> ['123']). */
  segments: string[];
}

/** A page draws itself into `main` and returns its cleanup (close maps, streams, timers). */
export type Page = (main: HTMLElement, ctx: AppContext) => (() => void) | void;

/** The configuration used when the server has none to give (offline, centred on Dongying). */
export const FALLBACK_CONFIG: UiConfig = {
  basemap: { url: '', attribution: '', gcj02: false, maxZoom: 18 },
  offline: true,
  defaultCenter: [37.4346, 118.6748],
  defaultZoom: 10,
};
