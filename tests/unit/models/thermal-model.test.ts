/**
 * The shipped thermal model: its manifest carries its band, whole-frame reading, the dataset's credit and
 * the held-out split (disjoint by source frame); and the TypeScript path applies its calibration: the same
 * network read through a copy of the manifest without calibration gives the same boxes with the raw
 * scores, each shown score being sigmoid(logit(raw) / T).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../../../models/inference/detect.stage.ts';
import { DEFAULT_MODELS_DIR, findModel, listModels, loadModel, readManifest } from '../../../models/inference/model-registry.ts';
import { calibrateScore, rawScoreFor } from '../../../models/inference/score-calibration.ts';
import { hasRealdata, realdata } from '../../helpers/realdata.ts';
import { THERMAL_FIRE_TEST_FRAME } from '../../helpers/thermal-frame.ts';

const shipped = findModel(listModels(DEFAULT_MODELS_DIR, { onInvalid: () => {} }), undefined, 'thermal');

describe('shipped thermal model dy-thermal', () => {
  it('says its band, reads frames whole, credits its dataset and holds out whole sources', () => {
    expect(shipped?.name).toBe('dy-thermal');
    const m = shipped!.manifest;
    expect(m.band).toBe('thermal');
    expect(m.tiling).toBe(false);
    expect(m.classes.map((c) => c.id)).toEqual(['fire']);
    const training = m.training as { dataset: { credit: string; url: string; licence: string }; split: { seed: number; train: number[]; calib: number[]; test: number[] } };
    expect(training.dataset.credit).toBe('"Fire - v3" by Linfeng Wang and Oualid Doukhi, Jeonbuk National University, CC BY 4.0');
    expect(training.dataset.url).toBe('https://github.com/WangLF1996/FCDNet-Dataset-and-Algorithm');
    const { train, calib, test } = training.split;
    expect(test.length).toBeGreaterThan(100);
    expect(calib.length).toBeGreaterThan(50);
    const seen = new Set(train);
    for (const cap of [...calib, ...test]) expect(seen.has(cap)).toBe(false);
    expect(calib.filter((c) => test.includes(c))).toEqual([]);
    // the integration tests' frame is from a held-out source
    expect(test).toContain(Number(/cap_(\d+)_/.exec(THERMAL_FIRE_TEST_FRAME)![1]));
    expect(m.calibration?.temperature).toBeGreaterThan(0);
    expect(m.thresholds.fire).toBeGreaterThan(0);
  });

  it.skipIf(!hasRealdata)('shows calibrated scores: the same boxes as the raw network, scores mapped through T', async () => {
    const T = shipped!.manifest.calibration!.temperature;
    const dir = mkdtempSync(path.join(tmpdir(), 'raw-thermal-'));
    try {
      copyFileSync(shipped!.file, path.join(dir, 'model.onnx'));
      const raw = JSON.parse(readFileSync(shipped!.manifestPath, 'utf8')) as Record<string, unknown>;
      delete raw.calibration;
      writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...raw, version: 'raw' }));
      const frame = realdata('thermal_fire', THERMAL_FIRE_TEST_FRAME);
      const calibrated = await detect(await loadModel(shipped!), frame, { minScore: 0.2 });
      const uncalibrated = await detect(await loadModel(readManifest(dir)), frame, { minScore: rawScoreFor(0.2, T) });
      expect(calibrated.length).toBeGreaterThan(0);
      expect(calibrated.map((d) => d.bbox)).toEqual(uncalibrated.map((d) => d.bbox));
      calibrated.forEach((d, i) => expect(d.score).toBeCloseTo(calibrateScore(uncalibrated[i]!.score, T), 3));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
