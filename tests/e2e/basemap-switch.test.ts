/**
 * The basemap switch in headless Chromium: OpenStreetMap, Tianditu vector and imagery (each with its
 * label layer and the configured key), AMap (GCJ-02) and the offline map, remembered per user. Tile
 * requests are answered here with a small PNG (the machine may have no network), and recorded.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launch, login, shot } from './helpers/browser.harness.ts';
import { startServer, type TestServer } from './helpers/server.harness.ts';

// A 1x1 transparent PNG.
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const KEY = 'e2etiandituKey123';

describeBrowser('basemap switch', () => {
  let server: TestServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ QUEUE_PREFIX: `e2ebm${process.pid}`, TIANDITU_KEY: KEY });
    browser = await launch();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A page whose tile requests are answered locally and listed in `tiles`. */
  const open = async (): Promise<{ page: Page; tiles: string[] }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const tiles: string[] = [];
    await page.route(/tile\.openstreetmap\.org|tianditu\.gov\.cn|autonavi\.com/, (route) => {
      tiles.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: TILE });
    });
    return { page, tiles };
  };
  const choose = async (page: Page, id: string) => {
    await page.locator('[data-testid="basemap"]').selectOption(id);
    await page.locator(`#map[data-basemap="${id}"]`).waitFor();
  };

  it('switches between OpenStreetMap, Tianditu vector and imagery with labels, AMap and offline, remembered per user', async () => {
    const { page, tiles } = await open();
    await login(page, server.url, server.tokens.officer);
    await page.goto(`${server.url}/#/map`);
    // The server's own tiles (a closed port in the tests) fail: the offline map takes over.
    await page.locator('#map[data-basemap="server"].offline').waitFor();
    const labels = await page.locator('[data-testid="basemap"] option').allTextContents();
    expect(labels).toEqual(['默认底图', 'OpenStreetMap', '天地图 矢量+注记', '天地图 影像+注记', '高德地图（GCJ-02）', '离线底图（区县轮廓）']);

    await choose(page, 'osm');
    await expect.poll(() => tiles.filter((u) => u.includes('tile.openstreetmap.org')).length).toBeGreaterThan(0);
    await page.locator('.basemap-tiles img.leaflet-tile-loaded').first().waitFor();
    await expect(page.locator('#map.offline').count()).resolves.toBe(0);

    for (const [id, base, label] of [['tianditu-vec', 'vec_w', 'cva_w'], ['tianditu-img', 'img_w', 'cia_w']] as const) {
      tiles.length = 0;
      await choose(page, id);
      await expect.poll(() => tiles.some((u) => u.includes(`/${base}/`)) && tiles.some((u) => u.includes(`/${label}/`))).toBe(true);
      expect(tiles.every((u) => u.includes(`tk=${KEY}`))).toBe(true);
      await page.locator('.basemap-labels img.leaflet-tile-loaded').first().waitFor();
    }
    await shot(page, 'bm-01-tianditu-img');

    tiles.length = 0;
    await choose(page, 'amap');
    await expect.poll(() => tiles.filter((u) => u.includes('autonavi.com')).length).toBeGreaterThan(0);

    await choose(page, 'offline');
    await page.locator('#map.offline .district-label').first().waitFor();
    tiles.length = 0;
    await page.reload();
    await page.locator('#map[data-basemap="offline"].offline').waitFor();
    await expect(page.locator('[data-testid="basemap"]').inputValue()).resolves.toBe('offline');
    expect(tiles).toEqual([]);
    await shot(page, 'bm-02-offline');

    // Remembered per user: another user in the same browser gets the default, the officer keeps theirs.
    await choose(page, 'tianditu-vec');
    await login(page, server.url, server.tokens.manager);
    await page.goto(`${server.url}/#/map`);
    await page.locator('#map[data-basemap="server"]').waitFor();
    await login(page, server.url, server.tokens.officer);
    await page.goto(`${server.url}/#/map`);
    await page.locator('#map[data-basemap="tianditu-vec"]').waitFor();
    await page.close();
  }, 240_000);

  it('raised no uncaught error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
