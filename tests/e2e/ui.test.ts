/**
 * The built map UI in headless Chromium against the real server (Redis, SQLite, workers): log in as
 * each role, see the demo findings, open one, confirm and dispatch it while a second page sees the
 * case change live, download the evidence package, upload a mission with progress bars, open the
 * dashboard. Screenshots of every page land in test-results/e2e/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { realdata, hasRealdata } from '../helpers/realdata.ts';
import { describeBrowser, launch, login, shot, SHOTS_DIR } from './helpers/browser.harness.ts';
import { loadDemo } from './helpers/demo.harness.ts';
import { startServer, type TestServer } from './helpers/server.harness.ts';

const STEP = 120_000;

describeBrowser('map UI end to end', () => {
  let server: TestServer;
  let browser: Browser;
  let caseId = '';

  beforeAll(async () => {
    server = await startServer({ QUEUE_PREFIX: `e2e${process.pid}` });
    browser = await launch();
    await loadDemo(server);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const newPage = async (viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const page = await browser.newPage({ viewport, acceptDownloads: true });
    page.on('pageerror', (e) => console.error('[browser pageerror]', e.message));
    return page;
  };

  it('logs in as each role and shows who is logged in', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/#/login`);
    await page.getByLabel(/访问令牌|Access token/).waitFor();
    await shot(page, '01-login');
    for (const role of ['operator', 'officer', 'manager', 'admin'] as const) {
      await login(page, server.url, server.tokens[role]);
      await expect(page.locator('.topbar .user').getAttribute('data-role')).resolves.toBe(role);
      const label = { operator: '飞手', officer: '执法人员', manager: '管理人员', admin: '管理员' }[role];
      await expect(page.locator('.topbar .user').textContent()).resolves.toContain(label);
      await shot(page, `02-landing-${role}`);
    }
    // A wrong token is refused on the login page.
    await page.goto(`${server.url}/#/login`);
    await page.getByLabel(/访问令牌|Access token/).fill('not-a-token');
    await page.getByRole('button', { name: /^(登录|Log in)$/ }).click();
    await page.locator('.form-msg.error').waitFor();
    await page.close();
  }, STEP);

  it('shows the demo findings on the map and opens one in the side panel', async () => {
    const page = await newPage();
    await login(page, server.url, server.tokens.officer);
    await page.goto(`${server.url}/#/map`);
    await page.locator('.finding-icon, .cluster-icon').first().waitFor({ timeout: 30_000 });
    // No network here: the tiles fail and the offline district basemap takes over.
    await page.locator('.map.offline').waitFor({ timeout: 30_000 });
    await shot(page, '03-map-officer');
    // Zoom into clusters the way a person does until single markers show, then open one.
    for (let i = 0; i < 12 && (await page.locator('.finding-icon').count()) === 0; i++) {
      await page.locator('.cluster-icon').first().click();
      await page.waitForTimeout(600);
    }
    await page.locator('.finding-icon').first().click();
    await page.locator('.side-panel .case-title').waitFor();
    await page.locator('.side-panel .image-viewer .leaflet-image-layer').waitFor({ timeout: 30_000 });
    await shot(page, '04-case-panel');
    const switcher = page.getByRole('button', { name: /English|切换语言|Switch language/ });
    await switcher.click();
    await expect(page.locator('.topbar nav').textContent()).resolves.toContain('Map');
    await page.getByRole('button', { name: /中文|Switch language/ }).click();
    await page.close();
  }, STEP);

  it('confirms and dispatches a case while a second page sees it change live', async () => {
    const res = await fetch(`${server.url}/api/v1/cases?status=new`, { headers: { Authorization: `Bearer ${server.tokens.officer}` } });
    expect(res.status).toBe(200);
    const { cases } = (await res.json()) as { cases: { id: string; allowedActions: string[] }[] };
    const open = cases.find((c) => c.allowedActions.includes('confirm'));
    expect(open, 'the officer has a new case to confirm').toBeTruthy();
    caseId = open!.id;

    const officer = await newPage();
    await login(officer, server.url, server.tokens.officer);
    await officer.goto(`${server.url}/#/map?case=${caseId}`);
    const watcher = await newPage({ width: 390, height: 844 }); // the phone of a colleague on site
    await login(watcher, server.url, server.tokens.manager);
    await watcher.goto(`${server.url}/#/case/${caseId}`);
    await watcher.locator('[data-status="new"]').waitFor();
    await watcher.locator('.live-on').waitFor({ timeout: 15_000 });

    await officer.locator('.side-panel button[data-action="confirm"]').click();
    await officer.locator('.action-form[data-action="confirm"] button[type="submit"]').click();
    await officer.locator('.side-panel [data-status="confirmed"]').waitFor();
    await watcher.locator('[data-status="confirmed"]').waitFor({ timeout: 15_000 }); // no reload: SSE

    await officer.locator('.side-panel button[data-action="dispatch"]').click();
    await officer.locator('.action-form[data-action="dispatch"] input[name="assignee"]').fill('网格员 张三');
    await officer.locator('.action-form[data-action="dispatch"] button[type="submit"]').click();
    await officer.locator('.side-panel [data-status="dispatched"]').waitFor();
    await watcher.locator('[data-status="dispatched"]').waitFor({ timeout: 15_000 });
    await expect(watcher.locator('.facts').textContent()).resolves.toContain('网格员 张三');
    await shot(officer, '05-case-dispatched');
    await shot(watcher, '06-case-phone');
    await watcher.close();

    // The evidence package, fetched with the bearer header and saved by the browser.
    const [download] = await Promise.all([officer.waitForEvent('download'), officer.locator('[data-testid="evidence"]').click()]);
    const file = path.join(SHOTS_DIR, `evidence-${caseId}.zip`);
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(1000); // holds at least the original photo
    await officer.close();
  }, STEP);

  it.runIf(hasRealdata)('uploads a mission with one progress bar per file and shows each file reach a final status', async () => {
    const page = await newPage();
    await login(page, server.url, server.tokens.operator);
    await page.goto(`${server.url}/#/missions`);
    await page.getByLabel(/架次名称|Mission name/).fill('e2e 巡查');
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/#\/missions\/[^/]+$/);
    const files = [realdata('images/dji_rgb/macuil_Aerea3_FC7303_Mini2_nadir.JPG'), realdata('images/dji_rgb/xmpgem_dji-mavic-3_L2D-20c.jpg'), realdata('logs/airdata_csv/mini-2_Sep-5th-2021-07-23PM-Flight-Airdata.csv')];
    await page.locator('#files-input').setInputFiles(files);
    const rows = page.locator('table.files tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(files.length);
    await expect
      .poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset['status']))).every((s) => s === 'done' || s === 'failed' || s === 'duplicate'), { timeout: 180_000, interval: 1000 })
      .toBe(true);
    const bars = await page.locator('table.files progress').evaluateAll((ps) => ps.map((p) => (p as HTMLProgressElement).value));
    expect(bars).toEqual(files.map(() => 1));
    // A failed file says why.
    for (const text of await page.locator('tr[data-status="failed"] .file-status').allTextContents()) expect(text).toMatch(/[:：]\s*\S/);
    await shot(page, '07-missions');
    await page.close();
  }, 240_000);

  it('opens the dashboard with charts, the overdue list and a CSV export', async () => {
    const page = await newPage();
    await login(page, server.url, server.tokens.manager);
    await page.goto(`${server.url}/#/dashboard`);
    await page.locator('#by-week .chart svg').waitFor({ timeout: 30_000 });
    await page.locator('#by-class .chart svg').waitFor();
    const href = await page.getByRole('link', { name: /导出 CSV|Export CSV/ }).getAttribute('href');
    expect(href).toContain('format=csv');
    const csv = await page.request.get(new URL(href!, `${server.url}/`).toString());
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n')[0]).toMatch(/key/);
    await shot(page, '08-dashboard');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.topbar').isVisible()).resolves.toBe(false);
    await shot(page, '09-dashboard-print');
    await page.close();
  }, STEP);
});
