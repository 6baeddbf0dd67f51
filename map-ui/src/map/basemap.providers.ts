/**
 * The basemaps a person can switch between, and which one they chose (remembered per user in this
 * browser). Tianditu needs the deployment's key (TIANDITU_KEY, sent in /ui-config) and comes as a base
 * layer plus a label layer; AMap's tiles are GCJ-02, so overlays are shifted to match (coords.ts);
 * the offline basemap needs no network at all.
 */
import type { UiConfig } from '../api/types.ts';

export const BASEMAP_IDS = ['server', 'osm', 'tianditu-vec', 'tianditu-img', 'amap', 'offline'] as const;
export type BasemapId = (typeof BASEMAP_IDS)[number];

/** One tile source: a base layer and, for Tianditu, its label layer on top. */
export interface TileSource {
  url: string;
  labelsUrl?: string;
  attribution: string;
  subdomains?: string | string[];
  gcj02: boolean;
  maxZoom: number;
}

const TDT_SUBDOMAINS = ['0', '1', '2', '3', '4', '5', '6', '7'];
const tianditu = (layer: string, key: string) => `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;

/** The tile source of a basemap, or null for the offline one (and for Tianditu without a key). */
export function tileSource(id: BasemapId, config: UiConfig): TileSource | null {
  const key = config.tiandituKey;
  switch (id) {
    case 'server':
      return config.offline || !config.basemap.url ? null : { ...config.basemap };
    case 'osm':
      return { url: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', subdomains: ['a', 'b', 'c'], attribution: '© OpenStreetMap contributors', gcj02: false, maxZoom: 19 };
    case 'tianditu-vec':
      return key ? { url: tianditu('vec', key), labelsUrl: tianditu('cva', key), subdomains: TDT_SUBDOMAINS, attribution: '© 天地图 Tianditu', gcj02: false, maxZoom: 18 } : null;
    case 'tianditu-img':
      return key ? { url: tianditu('img', key), labelsUrl: tianditu('cia', key), subdomains: TDT_SUBDOMAINS, attribution: '© 天地图 Tianditu', gcj02: false, maxZoom: 18 } : null;
    case 'amap':
      return { url: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}', subdomains: ['1', '2', '3', '4'], attribution: '© 高德地图 AMap (GCJ-02)', gcj02: true, maxZoom: 18 };
    case 'offline':
      return null;
  }
}

/** The basemaps this deployment can offer (Tianditu only with a key). */
export function availableBasemaps(config: UiConfig): BasemapId[] {
  return BASEMAP_IDS.filter((id) => id === 'offline' || id === 'server' || tileSource(id, config) !== null);
}

const storageKey = (userId: string) => `de.basemap.${userId}`;

/** The user's chosen basemap, else the server's. */
export function chosenBasemap(userId: string, config: UiConfig): BasemapId {
  try {
    const v = localStorage.getItem(storageKey(userId));
    if (v && (availableBasemaps(config) as string[]).includes(v)) return v as BasemapId;
  } catch {
    // no storage (private mode): the default
  }
  return 'server';
}

/** Remember the user's choice in this browser. */
export function chooseBasemap(userId: string, id: BasemapId): void {
  try {
    localStorage.setItem(storageKey(userId), id);
  } catch {
    // not remembered; the switch still applies to this page
  }
}
