/**
 * Debian's Chromium driven by playwright-core (never `playwright install`: no network here). Tests
 * that need it use `describeBrowser`, which skips with a visible notice where /usr/bin/chromium is
 * absent and fails under CI=true, where it must be there.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { ROOT } from './server.harness.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SHOTS_DIR = path.join(ROOT, 'test-results/e2e');

if (!hasChromium) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI must run the end-to-end tests`);
  console.warn(`\n*** NOTICE: ${CHROMIUM} not found; end-to-end browser tests are SKIPPED ***\n`);
}

/** `describe` that runs only where Chromium exists. */
export const describeBrowser: typeof describe = (hasChromium ? describe : describe.skip) as typeof describe;

/** Launch headless Chromium with the flags that work in a container without a GPU or network. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** Save a full-page screenshot as test-results/e2e/<name>.png. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Log in through the login page as a person would: paste the token, press the button. */
export async function login(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByLabel(/访问令牌|Access token/).fill(token);
  await page.getByRole('button', { name: /^(登录|Log in)$/ }).click();
  await page.locator('.topbar .user').waitFor();
}

/**
 * Click the element matching `selector` nearest the centre of the map, with the mouse, once the map
 * has stopped moving; only elements that are on top where they are drawn count (markers at the edges
 * can sit under the layer control, where a person would not click either).
 */
export async function clickNearestCentre(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().waitFor();
  // Markers glide into place after a zoom (markercluster animates): click where they come to rest.
  await page.waitForFunction(() => !document.querySelector('.leaflet-cluster-anim, .leaflet-zoom-anim'));
  const point = await page.evaluate((sel) => {
    const map = document.querySelector('#map')!.getBoundingClientRect();
    const cx = map.x + map.width / 2;
    const cy = map.y + map.height / 2;
    let best: { x: number; y: number; d: number } | null = null;
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      const x = r.x + r.width / 2;
      const y = r.y + r.height / 2;
      if (x < map.x || x > map.right || y < map.y || y > map.bottom) continue;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !el.contains(hit)) continue; // under a control, the panel or another marker
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (!best || d < best.d) best = { x, y, d };
    }
    return best;
  }, selector);
  if (!point) throw new Error(`no ${selector} inside the map`);
  await page.mouse.click(point.x, point.y);
}
