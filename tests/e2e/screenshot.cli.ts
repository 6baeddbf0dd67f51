/**
 * `npm run screenshot`: regenerates docs/case-list.png (desktop), docs/case-list-phone.png and
 * docs/map.png (the cases on the map), the pictures the README shows. Starts the real server on a temporary data folder, fills it with the
 * e2e cases (helpers/cases.harness.ts), logs in as the demo officer in headless Chromium.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launch, login } from './helpers/browser.harness.ts';
import { seedCases } from './helpers/cases.harness.ts';
import { ROOT, startServer } from './helpers/server.harness.ts';

const OUT = path.join(ROOT, 'docs');

async function main(): Promise<void> {
  const server = await startServer({ QUEUE_PREFIX: `shot${process.pid}` });
  const browser = await launch();
  try {
    await seedCases(server);
    mkdirSync(OUT, { recursive: true });
    for (const [name, viewport] of [['case-list', { width: 1366, height: 820 }], ['case-list-phone', { width: 390, height: 844 }]] as const) {
      const page = await browser.newPage({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      await login(page, server.url, server.tokens.officer);
      await page.goto(`${server.url}/#/cases`);
      await page.locator('.case-row, .case-card').first().waitFor();
      if (name === 'case-list-phone') await page.locator('[data-testid="my-tasks"], .my-tasks .hint').first().waitFor();
      const file = path.join(OUT, `${name}.png`);
      await page.screenshot({ path: file });
      console.log(`wrote ${path.relative(ROOT, file)}`);
      await page.close();
    }
    // The map with the same cases: one marker per case, coloured by severity (offline basemap: no tiles here).
    const page = await browser.newPage({ viewport: { width: 1366, height: 820 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await login(page, server.url, server.tokens.officer);
    await page.goto(`${server.url}/#/map`);
    await page.locator('.finding-icon, .cluster-icon').first().waitFor();
    // Let the fitted view and the marker clusters settle before the picture.
    await page.waitForTimeout(1500);
    const file = path.join(OUT, 'map.png');
    await page.screenshot({ path: file });
    console.log(`wrote ${path.relative(ROOT, file)}`);
    await page.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
