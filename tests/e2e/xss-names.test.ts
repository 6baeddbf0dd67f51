/**
 * Names people type reach the officers' map as text, never as HTML: a zone and a mission named
 * `<img src=x onerror="window.__xss=1">` show that very text in their Leaflet tooltips (and the mission
 * list), no element is made from it, and nothing runs. The CSP would stop the inline handler anyway;
 * this checks the layer beneath it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gpxTrack } from '../abuse/helpers/abuse.harness.ts';
import { describeBrowser, launch, login, shot } from './helpers/browser.harness.ts';
import { startServer, type TestServer } from './helpers/server.harness.ts';

const EVIL = '<img src=x onerror="window.__xss=1">';
const WAIT = { timeout: 60_000 };

describeBrowser('names are text on the map', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer({ QUEUE_PREFIX: `xss${process.pid}` });
    browser = await launch();
    const as = (role: 'admin' | 'operator', path: string, init: RequestInit) => fetch(`${server.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${server.tokens[role]}`, ...(init.headers ?? {}) } });
    const zone = { type: 'Feature', id: 'xss-zone', properties: { kind: 'key-site', name: EVIL }, geometry: { type: 'Polygon', coordinates: [[[118.93, 38.02], [118.99, 38.02], [118.99, 38.06], [118.93, 38.06], [118.93, 38.02]]] } };
    expect((await as('admin', '/zones', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'FeatureCollection', features: [zone] }) })).status).toBe(201);
    const mission = (await (await as('operator', '/missions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: EVIL }) })).json()) as { id: string };
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(gpxTrack(200))]), 'track.gpx');
    expect((await as('operator', `/missions/${mission.id}/flight-logs`, { method: 'POST', body: fd })).status).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Hovers every interactive path of the overlay pane (as Leaflet sees a mouse) and returns the tooltips' text. */
  const hoverEveryPath = (page: Page) =>
    page.evaluate(() => {
      for (const path of document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')) {
        const r = path.getBoundingClientRect();
        const at = { bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2 };
        path.dispatchEvent(new MouseEvent('mouseover', at));
        path.dispatchEvent(new MouseEvent('mousemove', at));
      }
      return [...document.querySelectorAll('.leaflet-tooltip')].map((t) => t.textContent ?? '');
    });

  it('shows a zone and a mission track named as HTML as plain text, runs nothing, makes no element', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(WAIT.timeout);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, server.url, server.tokens.officer);
    await page.goto(`${server.url}/#/map`);
    await expect.poll(() => page.locator('.leaflet-overlay-pane path').count(), WAIT).toBeGreaterThan(0);
    const before = await page.locator('.leaflet-overlay-pane path').count();
    await page.locator('.leaflet-control-layers').getByText(/^\s*(航迹|Tracks)\s*$/).click();
    await expect.poll(() => page.locator('.leaflet-overlay-pane path').count(), WAIT).toBeGreaterThan(before);

    const tooltips = await hoverEveryPath(page);
    expect(tooltips).toContain(EVIL); // the mission track
    expect(tooltips.some((t) => t.endsWith(`：${EVIL}`))).toBe(true); // the zone, after its kind
    await shot(page, 'xss-names-map');
    expect(await page.locator('.leaflet-tooltip img, img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    await login(page, server.url, server.tokens.operator);
    await page.goto(`${server.url}/#/missions`);
    await page.getByText(EVIL).first().waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
