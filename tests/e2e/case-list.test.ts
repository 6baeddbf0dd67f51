/**
 * The case list in headless Chromium against the real server, on a desktop and a phone viewport: page,
 * filter, search, export as CSV and open a case, as an officer would. The cases are written into the
 * server's database beforehand (helpers/cases.harness.ts). Screenshots land in test-results/e2e/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launch, login, shot, SHOTS_DIR } from './helpers/browser.harness.ts';
import { seedCases, type SeededCases } from './helpers/cases.harness.ts';
import { startServer, type TestServer } from './helpers/server.harness.ts';

const STEP = 180_000;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

describeBrowser('case list', () => {
  let server: TestServer;
  let browser: Browser;
  let seeded: SeededCases;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ QUEUE_PREFIX: `e2ecl${process.pid}` });
    seeded = await seedCases(server);
    browser = await launch();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (viewport: { width: number; height: number }, hash = '#/cases'): Promise<Page> => {
    const page = await browser.newPage({ viewport, acceptDownloads: true });
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    await login(page, server.url, server.tokens.officer);
    await page.goto(`${server.url}/${hash}`);
    return page;
  };
  const total = (page: Page) => page.locator('.list-head .total').getAttribute('data-total').then(Number);
  const shownIds = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['case']!));
  const waitForTotal = (page: Page, n: number) => expect.poll(() => total(page), { timeout: 60_000 }).toBe(n);

  it('on a desktop: pages, filters, searches, exports what it shows and opens a case', async () => {
    const page = await open(DESKTOP);
    await page.locator('.case-row').first().waitFor();
    await waitForTotal(page, seeded.cases.length);
    // Newest first, twenty to a page, the next page carries on without overlap.
    expect(await shownIds(page, '.case-row')).toEqual(seeded.cases.slice(0, 20).map((c) => c.id));
    await expect(page.locator('[data-testid="page-no"]').textContent()).resolves.toBe('第 1 / 3 页');
    await shot(page, 'cl-01-desktop');
    await page.locator('[data-testid="next"]').click();
    await expect.poll(() => shownIds(page, '.case-row')).toEqual(seeded.cases.slice(20, 40).map((c) => c.id));
    expect(page.url()).toContain('page=2');

    // A filter goes back to page 1 and shows only what it selects.
    const dispatched = seeded.cases.filter((c) => c.status === 'dispatched');
    await page.getByLabel('状态').selectOption('dispatched');
    await waitForTotal(page, dispatched.length);
    expect(await shownIds(page, '.case-row')).toEqual(dispatched.map((c) => c.id));
    expect(new Set(await page.locator('.case-row [data-status]').allTextContents())).toEqual(new Set(['已派发']));

    // The export is the filtered list in the order shown: a UTF-8 file with a BOM, words in Chinese.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="cases-csv"]').click()]);
    const file = path.join(SHOTS_DIR, 'cases-dispatched.csv');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['系统编号'])).toEqual(dispatched.map((c) => c.id));
    expect(new Set(rows.map((r) => r['状态']))).toEqual(new Set(['已派发']));

    // Search: by note text (in the history), by enterprise name; Enter searches at once.
    await page.goto(`${server.url}/#/cases`);
    await waitForTotal(page, seeded.cases.length);
    await page.getByLabel('搜索').fill(seeded.note.text.slice(2, 8));
    await page.getByLabel('搜索').press('Enter');
    await waitForTotal(page, 1);
    expect(await shownIds(page, '.case-row')).toEqual([seeded.note.caseId]);
    await page.getByLabel('搜索').fill(seeded.enterprise.name);
    await page.getByLabel('搜索').press('Enter');
    await waitForTotal(page, seeded.cases.filter((c) => c.enterpriseId === seeded.enterprise.id).length);
    await shot(page, 'cl-02-desktop-search');

    // A click on the row opens the case.
    const first = (await shownIds(page, '.case-row'))[0]!;
    await page.locator(`.case-row[data-case="${first}"] td:nth-child(4)`).click();
    await page.waitForURL(new RegExp(`#/case/${first}$`));
    await page.locator('.case-title').waitFor();
    await page.close();
  }, STEP);

  it('on a phone: my tasks first (mine, due soonest), then cards to filter, page and open', async () => {
    const page = await open(PHONE);
    await page.locator('[data-testid="my-tasks"] .case-card').first().waitFor();
    const mine = seeded.cases.filter((c) => c.assignee === 'demo-officer' && c.status === 'dispatched').sort((a, b) => a.dueAt!.localeCompare(b.dueAt!));
    expect(mine.length).toBeGreaterThan(1);
    expect(await shownIds(page, '[data-testid="my-tasks"] .case-card')).toEqual(mine.map((c) => c.id));
    // "My tasks" comes before the list of all cases.
    const order = await page.evaluate(() => {
      const tasks = document.querySelector('[data-testid="my-tasks"]')!;
      const all = document.querySelector('[data-testid="all-cases"]')!;
      return tasks.compareDocumentPosition(all) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    await expect(page.locator('.case-table').count()).resolves.toBe(0);
    await shot(page, 'cl-03-phone');

    // Twenty cards to a page; the next page carries on.
    await waitForTotal(page, seeded.cases.length);
    expect(await shownIds(page, '[data-testid="all-cases"] .case-card')).toEqual(seeded.cases.slice(0, 20).map((c) => c.id));
    await page.locator('[data-testid="next"]').click();
    await expect.poll(() => shownIds(page, '[data-testid="all-cases"] .case-card')).toEqual(seeded.cases.slice(20, 40).map((c) => c.id));

    // Filters fold away under the search box on a phone; a filter starts again at page 1.
    const critical = seeded.cases.filter((c) => c.severity === 'critical');
    await page.locator('.more-filters summary').click();
    await page.getByLabel('等级').selectOption('critical');
    await waitForTotal(page, critical.length);
    expect(await shownIds(page, '[data-testid="all-cases"] .case-card')).toEqual(critical.slice(0, 20).map((c) => c.id));
    await page.getByLabel('排序').selectOption('-severity');
    await expect.poll(() => page.url()).toContain('sort=-severity');
    await shot(page, 'cl-04-phone-filtered');

    // Search narrows it to one card; a tap opens the case page.
    await page.getByLabel('等级').selectOption('');
    await waitForTotal(page, seeded.cases.length);
    await page.getByLabel('搜索').fill(seeded.note.text);
    await page.getByLabel('搜索').press('Enter');
    await waitForTotal(page, 1);
    await page.locator('[data-testid="all-cases"] .case-card .card-what').click();
    await page.waitForURL(new RegExp(`#/case/${seeded.note.caseId}$`));
    await page.locator('.case-title').waitFor();
    await page.close();
  }, STEP);

  it('raised no uncaught error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
