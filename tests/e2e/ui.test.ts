/**
 * The built map UI in headless Chromium against the real server (Redis, SQLite, workers): log in as
 * each role, see the demo findings, open one, confirm and dispatch it while a second page sees the
 * case change live, download the evidence package, upload a mission with progress bars, open the
 * dashboard. Screenshots of every page land in test-results/e2e/.
 *
 * Written for a slow, shared 2-core machine: every wait is on a condition, with generous limits, and
 * nothing asserts how long anything took.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { realdata, hasRealdata } from '../helpers/realdata.ts';
import { clickNearestCentre, describeBrowser, launch, login, shot, SHOTS_DIR } from './helpers/browser.harness.ts';
import { hasDemo, loadDemo } from './helpers/demo.harness.ts';
import { startServer, type TestServer } from './helpers/server.harness.ts';

const STEP = 180_000;
const WAIT = { timeout: 60_000 };

describeBrowser('map UI end to end', () => {
  let server: TestServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ QUEUE_PREFIX: `e2e${process.pid}` });
    browser = await launch();
  }, 300_000);

  // The demo mission goes through detection on the machine's CPU: minutes when the machine is busy.
  beforeAll(async () => {
    if (hasDemo) await loadDemo(server);
  }, 25 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const newPage = async (viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const page = await browser.newPage({ viewport, acceptDownloads: true });
    page.setDefaultTimeout(WAIT.timeout);
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}\n${e.stack ?? ''}`));
    return page;
  };

  it('logs in as each role and shows who is logged in', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/#/login`);
    await page.getByLabel(/访问令牌|Access token/).waitFor();
    await shot(page, '01-login');
    const landing = { operator: /#\/missions/, officer: /#\/map/, manager: /#\/map/, admin: /#\/map/ };
    for (const role of ['operator', 'officer', 'manager', 'admin'] as const) {
      await login(page, server.url, server.tokens[role]);
      await expect(page.locator('.topbar .user').getAttribute('data-role')).resolves.toBe(role);
      const label = { operator: '飞手', officer: '执法人员', manager: '管理人员', admin: '管理员' }[role];
      await expect(page.locator('.topbar .user').textContent()).resolves.toContain(label);
      await page.waitForURL(landing[role]);
      await shot(page, `02-landing-${role}`);
    }
    // A wrong token is refused on the login page, and nobody is shown as logged in.
    await page.goto(`${server.url}/#/login`);
    await page.getByLabel(/访问令牌|Access token/).fill('not-a-token');
    await page.getByRole('button', { name: /^(登录|Log in)$/ }).click();
    await page.locator('.form-msg.error').waitFor();
    await expect(page.locator('.topbar .user').count()).resolves.toBe(0);
    await page.close();
  }, STEP);

  it('falls back to the offline basemap when the tiles fail, with the zones drawn', async () => {
    const page = await newPage();
    await login(page, server.url, server.tokens.officer);
    await page.goto(`${server.url}/#/map`);
    // The tile URL points at a closed port (see server.harness): the district basemap takes over.
    await page.locator('.map.offline').waitFor();
    await page.locator('.district-label').first().waitFor();
    expect(await page.locator('.district-label').allTextContents()).toEqual(expect.arrayContaining(['东营区', '广饶县']));
    await expect.poll(() => page.locator('.leaflet-overlay-pane path').count(), WAIT).toBeGreaterThan(0);
    await shot(page, '03-map-offline');
    const phone = await newPage({ width: 390, height: 844 });
    await login(phone, server.url, server.tokens.officer);
    await phone.goto(`${server.url}/#/map`);
    await phone.locator('.map.offline').waitFor();
    await shot(phone, '03-map-phone');
    await phone.close();
    await page.close();
  }, STEP);

  it.runIf(hasDemo)('shows the demo findings on the map and opens one in the side panel', async () => {
    const page = await newPage();
    await login(page, server.url, server.tokens.officer);
    await page.goto(`${server.url}/#/map`);
    await page.locator('.finding-icon, .cluster-icon').first().waitFor();
    await page.locator('.map.offline').waitFor();
    await shot(page, '04-map-findings');
    // Zoom into clusters the way a person does until single markers show (at the last zoom the
    // cluster spreads its markers out), then open one.
    for (let i = 0; i < 20 && (await page.locator('.finding-icon').count()) === 0; i++) {
      const zoom = await page.locator('#map').getAttribute('data-zoom');
      await clickNearestCentre(page, '.cluster-icon');
      await page.waitForFunction((z) => document.querySelector('.finding-icon') !== null || document.querySelector('#map')?.getAttribute('data-zoom') !== z, zoom, WAIT);
    }
    // A click while the markers still settle can miss: try again until the panel opens.
    const panelTitle = page.locator('.side-panel:not([hidden]) .case-title');
    for (let attempt = 0; attempt < 5 && !(await panelTitle.isVisible()); attempt++) {
      await clickNearestCentre(page, '.finding-icon');
      await panelTitle.waitFor({ timeout: 15_000 }).catch(() => {});
    }
    await panelTitle.waitFor();
    await page.locator('.side-panel .image-viewer .leaflet-image-layer').waitFor();
    await shot(page, '05-case-panel');
    // The language switch redraws the page in English and back.
    await page.getByRole('button', { name: /^English$/ }).click();
    await expect(page.locator('.topbar nav').textContent()).resolves.toContain('Map');
    await page.getByRole('button', { name: /^中文$/ }).click();
    await expect(page.locator('.topbar nav').textContent()).resolves.toContain('地图');
    await page.close();
  }, STEP);

  it.runIf(hasDemo)('confirms and dispatches a case while a second page sees it change live, then downloads its evidence', async () => {
    const res = await fetch(`${server.url}/api/v1/cases?status=new`, { headers: { Authorization: `Bearer ${server.tokens.officer}` } });
    expect(res.status).toBe(200);
    const { cases } = (await res.json()) as { cases: { id: string; allowedActions: string[] }[] };
    const open = cases.find((c) => c.allowedActions.includes('confirm'));
    expect(open, 'the officer has a new case to confirm').toBeTruthy();
    const caseId = open!.id;

    const officer = await newPage();
    await login(officer, server.url, server.tokens.officer);
    await officer.goto(`${server.url}/#/map?case=${caseId}`);
    const watcher = await newPage({ width: 390, height: 844 }); // the phone of a colleague on site
    await login(watcher, server.url, server.tokens.manager);
    await watcher.goto(`${server.url}/#/case/${caseId}`);
    await watcher.locator('[data-status="new"]').waitFor();
    await watcher.locator('.live-on').waitFor();

    await officer.locator('.side-panel button[data-action="confirm"]').click();
    await officer.locator('.action-form[data-action="confirm"] button[type="submit"]').click();
    await officer.locator('.side-panel [data-status="confirmed"]').waitFor();
    await watcher.locator('[data-status="confirmed"]').waitFor(); // no reload: SSE

    await officer.locator('.side-panel button[data-action="dispatch"]').click();
    // The assignee is one of the department's people (docs/cases.md): their user id.
    const { assignees } = (await (await fetch(`${server.url}/api/v1/cases/${caseId}/assignees`, { headers: { Authorization: `Bearer ${server.tokens.officer}` } })).json()) as { assignees: { id: string }[] };
    const assignee = assignees[0]!.id;
    await officer.locator('.action-form[data-action="dispatch"] input[name="assignee"]').fill(assignee);
    await officer.locator('.action-form[data-action="dispatch"] button[type="submit"]').click();
    await officer.locator('.side-panel [data-status="dispatched"]').waitFor();
    await watcher.locator('[data-status="dispatched"]').waitFor();
    await expect(watcher.locator('.facts').textContent()).resolves.toContain(assignee);
    await shot(officer, '06-case-dispatched');
    await shot(watcher, '07-case-phone');
    await watcher.close();

    // The evidence package, fetched with the bearer header and saved by the browser.
    const [download] = await Promise.all([officer.waitForEvent('download', WAIT), officer.locator('[data-testid="evidence"]').click()]);
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
    // One file that is not a photo at all: its row must fail and say why.
    const notAPhoto = { name: 'not-a-photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is text, not a JPEG') };
    await page.locator('#files-input').setInputFiles([...files.map((f) => ({ name: path.basename(f), mimeType: f.endsWith('.csv') ? 'text/csv' : 'image/jpeg', buffer: readFileSync(f) })), notAPhoto]);
    const rows = page.locator('table.files tbody tr');
    await expect.poll(() => rows.count(), WAIT).toBe(files.length + 1);
    await shot(page, '08-missions-uploading');
    // Detection of two 12 MP photos on a busy CPU: allow minutes.
    await expect
      .poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset['status']))).every((s) => s === 'done' || s === 'failed' || s === 'duplicate'), { timeout: 600_000, interval: 1000 })
      .toBe(true);
    const bars = await page.locator('table.files progress').evaluateAll((ps) => ps.map((p) => (p as HTMLProgressElement).value));
    expect(bars).toEqual([...files, notAPhoto].map(() => 1));
    await expect(page.locator('tr[data-file="not-a-photo.jpg"]').getAttribute('data-status')).resolves.toBe('failed');
    // A failed file says why.
    for (const text of await page.locator('tr[data-status="failed"] .file-status').allTextContents()) expect(text).toMatch(/[:：]\s*\S/);
    await shot(page, '09-missions-done');
    await page.close();
  }, 700_000);

  it('opens the dashboard with charts, the overdue list and a CSV export', async () => {
    const page = await newPage();
    await login(page, server.url, server.tokens.manager);
    await page.goto(`${server.url}/#/dashboard`);
    await page.locator('#by-week .chart svg').waitFor();
    await page.locator('#by-class .chart svg').waitFor();
    await page.locator('#coverage table, #coverage .hint').first().waitFor();
    // Every figure the API sends is read under its real name: a misnamed field shows as NaN.
    expect(await page.locator('main').textContent()).not.toMatch(/NaN|undefined/);
    const href = await page.getByRole('link', { name: /导出 CSV|Export CSV/ }).getAttribute('href');
    expect(href).toContain('format=csv');
    const csv = await page.request.get(new URL(href!, `${server.url}/`).toString());
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n')[0]).toMatch(/key/);
    await shot(page, '10-dashboard');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.topbar').isVisible()).resolves.toBe(false);
    await shot(page, '11-dashboard-print');
    await page.close();
  }, STEP);

  it('leaves the map in the middle of a zoom without an error (Leaflet ends a zoom on a timer)', async () => {
    const page = await newPage();
    await login(page, server.url, server.tokens.officer);
    await page.goto(`${server.url}/#/map`);
    await page.locator('.leaflet-control-zoom-in').waitFor();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    for (let i = 0; i < 3; i++) {
      await page.goto(`${server.url}/#/map`);
      await page.locator('.leaflet-control-zoom-in').waitFor();
      // Zoom (animated, 250 ms) and leave the page within the same task.
      await page.evaluate(() => {
        (document.querySelector('.leaflet-control-zoom-in') as HTMLElement).click();
        requestAnimationFrame(() => requestAnimationFrame(() => (location.hash = '#/dashboard')));
      });
      await page.waitForURL(/#\/dashboard/);
      await page.waitForTimeout(400); // past the zoom's 250 ms timer
    }
    expect(errors).toEqual([]);
    await page.close();
  }, STEP);

  it('raised no uncaught error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
