/**
 * 20,000 findings on the map: the findings API for the whole city vs a street-level bbox (the index on
 * lon/lat), and, where Debian's chromium is installed, the built map UI loading all of them into the
 * marker clusters and answering a pan. Prints JSON lines; no assertions (the machine is shared).
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { seedDatabase } from '../seeds/seed-database.ts';
import { createTestServices } from '../tests/helpers/test-services.ts';
import { startTestServer } from '../tests/helpers/test-server.ts';

const N = 20_000;
const s = await createTestServices('sqlite');
await seedDatabase(s);
const mission = await s.missions.create({ name: 'bench' });
const classes = ['fire', 'smoke', 'excavator', 'oil_spill', 'steel_shed', 'tanker_truck'];
const severities = ['low', 'medium', 'high', 'critical'];
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const t0 = performance.now();
await s.db.kysely.transaction().execute(async (trx) => {
  for (let i = 0; i < N; i += 500) {
    await trx
      .insertInto('findings')
      .values(
        Array.from({ length: Math.min(500, N - i) }, (_, k) => ({
          id: `bench-${i + k}`,
          detection_id: `bench-${i + k}`,
          image_id: 'bench-image',
          mission_id: mission.id,
          case_id: null,
          class: classes[(i + k) % 6]!,
          band: 'visible',
          max_temp_c: null,
          temperature_note: null,
          score: 0.9,
          severity: severities[(i + k) % 4]!,
          violation: 'bench',
          lat: 37.0 + rand() * 1.1,
          lon: 118.2 + rand() * 0.9,
          zones: '[]',
          district: null,
          enterprise_id: null,
          department_id: 'dept-port-ajj',
          model_id: 'bench',
          captured_at: new Date().toISOString(),
          created_at: new Date().toISOString(),
        })),
      )
      .execute();
  }
});
console.log(JSON.stringify({ bench: 'map-findings', metric: 'insert_ms', findings: N, value: Math.round(performance.now() - t0) }));

const srv = await startTestServer(s);
const timeFetch = async (query: string, runs = 5) => {
  let features = 0;
  const start = performance.now();
  for (let i = 0; i < runs; i++) features = ((await (await srv.as('manager')(`/api/v1/findings${query}`)).json()) as { features: unknown[] }).features.length;
  return { ms: (performance.now() - start) / runs, features };
};
const all = await timeFetch('');
const street = await timeFetch('?bbox=118.94,38.04,118.96,38.06');
console.log(JSON.stringify({ bench: 'map-findings', metric: 'api_all_ms', features: all.features, value: Math.round(all.ms) }));
console.log(JSON.stringify({ bench: 'map-findings', metric: 'api_bbox_ms', features: street.features, value: Math.round(street.ms * 10) / 10, ratio_all_to_bbox: Math.round((all.ms / street.ms) * 10) / 10 }));

if (existsSync('/usr/bin/chromium') && existsSync(new URL('../map-ui/dist/index.html', import.meta.url))) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${srv.base}/#/login`);
  await page.locator('input').first().fill(srv.tokens.manager);
  const start = performance.now();
  await page.keyboard.press('Enter');
  await page.locator('.cluster-icon').first().waitFor({ timeout: 120_000 });
  await page.waitForLoadState('networkidle');
  const shown = await page.getByText(/^\d+ (条线索|findings)$/).first().textContent();
  console.log(JSON.stringify({ bench: 'map-findings', metric: 'ui_load_ms', findingsInView: Number.parseInt(shown ?? '0', 10), value: Math.round(performance.now() - start) }));
  await page.screenshot({ path: 'test-results/bench-map-20k.png' });
  // A pan: drag the map, wait for the bbox fetch and the redraw.
  const panStart = performance.now();
  const fetched = page.waitForResponse((r) => r.url().includes('/api/v1/findings'), { timeout: 60_000 });
  await page.mouse.move(700, 400);
  await page.mouse.down();
  await page.mouse.move(500, 300, { steps: 5 });
  await page.mouse.up();
  await fetched;
  await page.waitForLoadState('networkidle');
  console.log(JSON.stringify({ bench: 'map-findings', metric: 'ui_pan_ms', value: Math.round(performance.now() - panStart) }));
  await browser.close();
}
await srv.close();
await s.dispose();
