/**
 * `npm run export:reviewed` on the real pipeline: a real Dock 3 photo from 21.6 m (shrunk to the model's
 * 100 px/m, as in production), with the ground-size check off and rules flagging tanker trucks anywhere,
 * so model 1.2.0's metre-sized "tankers" become findings and each its own case. An officer dismisses
 * one case and confirms the other; the command then writes a hard-negative tile around the dismissed box and
 * a labelled tile around the confirmed one, cut at the scale the model saw the photo.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDatabase } from '../../seeds/seed-database.ts';
import { DOCK3_FOOLED_MODEL, DOCK3_PHOTO } from '../helpers/dock3-photo.ts';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, type TestServices } from '../helpers/test-services.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { jsonBody, uploadAndAnalyse } from '../helpers/upload-photo.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
type Entry = { file: string; width: number; height: number; objects: Array<{ class: string; bbox: number[] }>; source: { imageId: string; sha256: string; decodeScale: number; tile: number[]; caseIds: string[] } };

/** Runs the command as a user would, against the test's database and blob store. */
async function exportCommand(s: TestServices, out: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: s.config.DATABASE_URL, DATA_DIR: s.dataDir, LOG_LEVEL: 'warn' };
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(REPO, 'node_modules/.bin/tsx'), ['models/export-reviewed.cli.ts', '--out', out], { cwd: REPO, env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describeRealdata('export:reviewed turns officer decisions into training tiles', () => {
  let s: TestServices;
  let imageId = '';
  let dismissedCase = '';
  let confirmedCase = '';
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'reviewed-')), 'shard-reviewed');

  beforeAll(async () => {
    // join distance 1 mm: each box is its own case, so one can be dismissed and the other confirmed.
    s = await createTestServices('sqlite', { GROUND_SIZE_CHECK: 'false', CASE_JOIN_DISTANCE_M: '0.001', ACTIVE_MODEL: DOCK3_FOOLED_MODEL });
    await seedDatabase(s);
    const srv = await startTestServer(s, { workers: true });
    try {
      const admin = srv.as('admin');
      const rule = { class: 'tanker_truck', zoneKind: '*', violation: 'test: tanker anywhere', severity: 'high', rectificationDays: 3, alertImmediately: false };
      expect((await admin('/api/v1/rules', jsonBody(rule, 'PUT'))).status).toBe(200);
      ({ imageId } = await uploadAndAnalyse(srv, realdata(DOCK3_PHOTO), 'dock 3 at 20 m'));
      const { cases } = (await (await admin('/api/v1/cases')).json()) as { cases: Array<{ id: string; class: string }> };
      const tankerCases = cases.filter((c) => c.class === 'tanker_truck');
      expect(tankerCases.length).toBeGreaterThanOrEqual(2);
      [dismissedCase, confirmedCase] = [tankerCases[0]!.id, tankerCases[1]!.id];
      const act = (id: string, body: object) => admin(`/api/v1/cases/${id}/actions`, jsonBody(body));
      expect((await act(dismissedCase, { action: 'dismiss', reason: 'crates on a pallet, not a tanker' })).status).toBe(200);
      expect((await act(confirmedCase, { action: 'confirm' })).status).toBe(200);
    } finally {
      await srv.close();
    }
  }, 300_000);

  afterAll(async () => {
    await s?.dispose();
    rmSync(path.dirname(out), { recursive: true, force: true });
  });

  it('writes a hard negative around the dismissed box and a labelled tile around the confirmed one', async () => {
    const run = await exportCommand(s, out);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { photos: number; tiles: number; hazardTiles: number; hardNegativeTiles: number; hazardsPerClass: Record<string, number> };
    expect(summary.photos).toBe(1);
    expect(summary.hardNegativeTiles).toBeGreaterThanOrEqual(1);
    expect(summary.hazardTiles).toBeGreaterThanOrEqual(1);
    expect(summary.hazardsPerClass.tanker_truck).toBeGreaterThanOrEqual(1);
    expect(summary.tiles).toBe(summary.hazardTiles + summary.hardNegativeTiles);

    const entries = JSON.parse(readFileSync(path.join(out, 'labels.json'), 'utf8')) as Entry[];
    expect(entries).toHaveLength(summary.tiles);
    const negative = entries.find((e) => e.source.caseIds.includes(dismissedCase) && e.objects.length === 0);
    const positive = entries.find((e) => e.source.caseIds.includes(confirmedCase) && e.objects.length > 0);
    expect(negative).toBeDefined();
    expect(positive).toBeDefined();
    const sha256 = createHash('sha256').update(readFileSync(realdata(DOCK3_PHOTO))).digest('hex');
    for (const e of entries) {
      expect(e.source.imageId).toBe(imageId);
      expect(e.source.sha256).toBe(sha256);
      // cut where the model looked: the photo at about 100 / 130 of its size
      expect(e.source.decodeScale).toBeGreaterThan(0.7);
      expect(e.source.decodeScale).toBeLessThan(0.85);
      const meta = await sharp(path.join(out, e.file)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', e.width, e.height]);
      expect(e.width).toBe(640);
      for (const o of e.objects) {
        expect(o.bbox[0]! + o.bbox[2]!).toBeLessThanOrEqual(e.width);
        expect(o.bbox[1]! + o.bbox[3]!).toBeLessThanOrEqual(e.height);
      }
    }

    // YOLO labels beside them: empty for the hard negative, "5 cx cy w h" (tanker_truck) for the hazard
    const yolo = (e: Entry) => readFileSync(path.join(out, 'labels', `${path.parse(e.file).name}.txt`), 'utf8');
    expect(yolo(negative!)).toBe('');
    const [cls, ...xywh] = yolo(positive!).trim().split('\n')[0]!.split(' ').map(Number);
    expect(cls).toBe(5);
    for (const v of xywh) expect(v).toBeGreaterThan(0);
    for (const v of xywh) expect(v).toBeLessThanOrEqual(1);
    expect(readFileSync(path.join(out, 'data.yaml'), 'utf8')).toContain('  5: tanker_truck');
    expect(readdirSync(path.join(out, 'images'))).toHaveLength(entries.length);
  });

  it('refuses to write into a folder that is not empty, and changes nothing there', async () => {
    const before = readdirSync(path.join(out, 'images')).sort();
    const again = await exportCommand(s, out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not empty: export into a new or empty folder/);
    expect(readdirSync(path.join(out, 'images')).sort()).toEqual(before);
  });
});
