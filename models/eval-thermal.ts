/**
 * The thermal model's evaluation, run by `npm run eval:model` beside the visible one: the production
 * TypeScript path (worker pool, whole-frame pass, calibrated scores, the manifest's thresholds) on the
 * frames of the thermal fire set whose SOURCE (cap_<n>) the manifest's training.split holds out for
 * testing — never by file: the set has three augmented versions of each source frame. Reports mAP@0.5,
 * recall and precision at the shipped threshold, and the expected calibration error of the shown scores.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { evaluateAp, type EvalImage } from './inference/average-precision.metric.ts';
import { expectedCalibrationError, scoredOutcomes } from './inference/calibration-error.metric.ts';
import { DetectorPool } from './inference/detector.pool.ts';
import { yoloBoxes } from './inference/label-set.ts';
import type { ModelInfo } from './inference/model-registry.ts';

export interface ThermalEvalOptions {
  /** The real-data folder (its thermal_fire/ is read). */
  realdata: string;
  concurrency: number;
  /** Write the metrics into the manifest (default true) and eval.json beside it. */
  write: boolean;
  log: (s: string) => void;
}

const CAP = /^cap_(\d+)_/;
const AP_SCORE_FLOOR = 0.01;

/** The held-out frames: every image of every folder of the set whose cap number is in `caps`. */
export function heldOutFrames(root: string, caps: ReadonlySet<number>): string[] {
  const files: string[] = [];
  for (const split of ['train', 'valid', 'test']) {
    const dir = path.join(root, split, 'images');
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const m = CAP.exec(name);
      if (m && caps.has(Number(m[1]))) files.push(path.join(dir, name));
    }
  }
  return files;
}

export async function evaluateThermal(info: ModelInfo, opts: ThermalEvalOptions): Promise<Record<string, unknown>> {
  const split = (info.manifest.training as { split?: { seed: number; test: number[] } } | undefined)?.split;
  if (!split?.test?.length) throw new Error(`${info.id}: its manifest names no held-out sources (training.split.test)`);
  const root = path.join(opts.realdata, 'thermal_fire');
  if (!existsSync(root)) throw new Error(`${root} is missing: the thermal model is evaluated on its held-out sources there`);
  const files = heldOutFrames(root, new Set(split.test));
  opts.log(`${info.id}: ${files.length} frames of ${split.test.length} held-out sources (split seed ${split.seed})`);
  const classes = info.manifest.classes.map((c) => c.id);
  const pool = new DetectorPool({ concurrency: opts.concurrency });
  let done = 0;
  const images: EvalImage[] = await Promise.all(
    files.map(async (f) => {
      const { width, height } = await sharp(f).metadata();
      const txt = path.join(path.dirname(path.dirname(f)), 'labels', `${path.parse(f).name}.txt`);
      const truth = yoloBoxes(existsSync(txt) ? readFileSync(txt, 'utf8') : '', classes, width!, height!);
      const detections = await pool.detect(info, f, { minScore: AP_SCORE_FLOOR });
      if (++done % 50 === 0 || done === files.length) opts.log(`  ${done}/${files.length}`);
      return { truth, detections };
    }),
  ).finally(() => pool.close());
  const ap = evaluateAp(images, classes, 0.5);
  const thr = (c: string) => info.manifest.thresholds[c] ?? 0;
  const shipped = evaluateAp(images.map((i) => ({ truth: i.truth, detections: i.detections.filter((d) => d.score >= thr(d.class)) })), classes, 0.5);
  const t = classes.reduce((a, c) => ({ tp: a.tp + shipped.perClass[c]!.truePositives, dets: a.dets + shipped.perClass[c]!.detections, truths: a.truths + shipped.perClass[c]!.truths }), { tp: 0, dets: 0, truths: 0 });
  const recall = t.truths ? t.tp / t.truths : null;
  const precision = t.dets ? t.tp / t.dets : null;
  // D-ECE on the scores as shown (calibrated), over detections scoring >= 0.05 as the fit counted them.
  const outcomes = scoredOutcomes(images.map((i) => ({ truth: i.truth, detections: i.detections.filter((d) => d.score >= 0.05) })));
  const ece = expectedCalibrationError(outcomes);
  const sure = outcomes.filter((o) => o.score >= 0.9);
  const fmt = (v: number | null) => (v === null ? '-' : v.toFixed(3));
  process.stdout.write(
    [
      `model ${info.id}  held-out sources: ${split.test.length} caps, ${files.length} frames, ${t.truths} fires`,
      `mAP@0.5 ${fmt(ap.map)}  (AP over all detections scoring >= ${AP_SCORE_FLOOR})`,
      `at the shipped threshold ${classes.map((c) => `${c} ${thr(c)}`).join(', ')}: recall ${fmt(recall)}, precision ${fmt(precision)} (${t.tp} of ${t.truths} fires, ${t.dets} boxes)`,
      `calibration: ECE ${fmt(ece)} over ${outcomes.length} boxes >= 0.05 (temperature ${info.manifest.calibration?.temperature ?? 1}); boxes >= 0.9: ${sure.length}, right ${sure.filter((o) => o.correct).length}`,
    ].join('\n') + '\n',
  );
  const report = { model: info.id, sha256: info.sha256, evaluatedAt: new Date().toISOString(), heldOut: { seed: split.seed, sources: split.test.length, frames: files.length }, apScoreFloor: AP_SCORE_FLOOR, ap, atShippedThresholds: shipped, recall, precision, ece, boxesAbove09: sure.length, boxesAbove09Right: sure.filter((o) => o.correct).length };
  if (opts.write) {
    writeFileSync(path.join(info.dir, 'eval.json'), `${JSON.stringify(report, null, 2)}\n`);
    const manifest = JSON.parse(readFileSync(info.manifestPath, 'utf8')) as Record<string, unknown>;
    manifest.metrics = {
      ...(manifest.metrics as object | undefined),
      map50: ap.map,
      apScoreFloor: AP_SCORE_FLOOR,
      shippedThresholdsRecall: recall,
      shippedThresholdsPrecision: precision,
      ece,
      evalSet: `thermal_fire held-out sources (${split.test.length} caps, split seed ${split.seed})`,
      evalPhotos: files.length,
      evaluatedAt: report.evaluatedAt,
    };
    writeFileSync(info.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    opts.log(`metrics written into ${info.manifestPath}`);
  }
  return report;
}
