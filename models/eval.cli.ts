/**
 * npm run eval:model [-- --model name@version] (no --model: the visible dy-hazard, then the thermal dy-thermal) [--set DIR] [--seed 90210] [--count 60] [--out FILE]
 *   [--no-write] [--concurrency N] [--no-real (skip the real-photo checks)] [--no-resample]
 * Evaluates a shipped model with the production inference path (tiles, NMS, thresholds, worker pool, and
 * a photo sharper than the manifest's maxPxPerM shrunk to it, as the pipeline does; --no-resample: never):
 * 1. mAP@0.5 (VOC all-points) overall and per class on a held-out synthetic set: --set DIR, or made by
 *    the trainer's make_dataset.py with a seed unlike training's (default 90210);
 * 2. recall on the real fire/smoke photos of ../shared/realdata/hazards/fire_smoke_yolo;
 * 3. false alarms per photo on real photos with none of the model's hazards: as the detector gives them,
 *    and after the ground-size check that analysis applies where a photo's own pose sizes the box.
 * Prints a table, writes JSON (--out, default <model dir>/eval.json) and the numbers into the manifest's
 * "metrics" (unless --no-write). Targets: mAP >= 0.6, every class >= 0.4, <= 0.1 false alarms per photo.
 * A thermal model (manifest band thermal) is evaluated on its held-out thermal sources instead
 * (eval-thermal.ts): mAP@0.5, recall and precision at its threshold, calibration error.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { Detection } from '../core/domain.ts';
import { evaluateAp, type EvalImage } from './inference/average-precision.metric.ts';
import { groundSizeRangesFor, holdsBack } from '../core/pipeline/camera/ground-size.check.ts';
import { iou } from './inference/boxes.nms.ts';
import { DetectorPool } from './inference/detector.pool.ts';
import { decodeScale } from './inference/decode-scale.ts';
import { readPhotoPose, sizeDetections, type PhotoPose } from './inference/photo-pose.ts';
import { readJsonLabelSet, yoloBoxes, yoloNames, type LabelledPhoto } from './inference/label-set.ts';
import { DEFAULT_MODELS_DIR, findModel, listModels, loadModel } from './inference/model-registry.ts';
import { photoFiles } from './inference/photo-files.ts';
import { evaluateThermal } from './eval-thermal.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    'models-dir': { type: 'string' },
    set: { type: 'string' },
    seed: { type: 'string', default: '90210' },
    count: { type: 'string', default: '60' },
    out: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '2' },
    'no-real': { type: 'boolean', default: false },
    'no-resample': { type: 'boolean', default: false },
  },
});
const log = (s: string) => process.stderr.write(`${s}\n`);
const REPO = path.resolve(import.meta.dirname, '..');
const REALDATA = values['no-real'] ? '/nonexistent' : path.resolve(process.env.REALDATA_DIR ?? path.join(REPO, '../shared/realdata'));

const allModels = listModels(values['models-dir'] ?? DEFAULT_MODELS_DIR);
const info = findModel(allModels, values.model ?? 'dy-hazard');
if (!info) throw new Error(`no model ${values.model} under ${values['models-dir'] ?? DEFAULT_MODELS_DIR}`);
const thermalOptions = { realdata: REALDATA, concurrency: Math.max(1, Number(values.concurrency)), write: !values['no-write'], log };
if (info.manifest.band === 'thermal') {
  await loadModel(info);
  await evaluateThermal(info, thermalOptions);
  process.exit(0);
}
await loadModel(info); // refuse a bad model before anything else
const classes = info.manifest.classes.map((c) => c.id);
const pool = new DetectorPool({ concurrency: Math.max(1, Number(values.concurrency)) });
// Each photo's pose, read once: it decides the decode scale and later sizes the boxes.
const poses = new Map<string, Promise<PhotoPose>>();
const poseOf = (f: string): Promise<PhotoPose> => {
  if (!poses.has(f)) poses.set(f, readPhotoPose(f));
  return poses.get(f)!;
};
// Photos the detector shrank to the model's resolution (their pose says they are sharper), file -> scale.
const resampled = new Map<string, number>();
const run = async (files: string[], opts: { minScore?: number } = {}): Promise<Detection[][]> => {
  let done = 0;
  return Promise.all(
    files.map(async (f) => {
      const scale = values['no-resample'] ? 1 : decodeScale(info.manifest.maxPxPerM, (await poseOf(f)).pxPerM);
      if (scale < 1) resampled.set(path.relative(REALDATA, f), Math.round(scale * 1000) / 1000);
      const d = await pool.detect(info, f, { ...opts, scale });
      if (++done % 10 === 0 || done === files.length) log(`  ${done}/${files.length}`);
      return d;
    }),
  );
};

// 1. Held-out synthetic set.
let setDir = values.set;
let setSource = setDir ? `--set ${setDir}` : '';
if (!setDir) {
  const gen = path.join(REPO, 'models/training/make_dataset.py');
  if (!existsSync(gen) || !existsSync('/usr/bin/python3')) throw new Error('no --set given and no python3 + models/training/make_dataset.py to make one');
  setDir = mkdtempSync(path.join(tmpdir(), 'eval-set-'));
  log(`making ${values.count} held-out photos with seed ${values.seed} in ${setDir}`);
  execFileSync('/usr/bin/python3', [gen, '--seed', values.seed, '--count', values.count, '--out', setDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  setSource = `make_dataset.py --seed ${values.seed} --count ${values.count}`;
}
const labelled: LabelledPhoto[] | null = readJsonLabelSet(setDir);
if (!labelled) throw new Error(`no labels JSON ([{file, objects}]) in ${setDir}`);
log(`synthetic set: ${labelled.length} photos`);
// mAP is threshold-free: rank every detection down to a low floor (as Ultralytics' val does with conf
// 0.001). The shipped thresholds are the operating point, reported as recall and precision beside it.
const AP_SCORE_FLOOR = 0.01;
const synthDets = await run(labelled.map((p) => p.file), { minScore: AP_SCORE_FLOOR });
const ap = evaluateAp(labelled.map((p, i): EvalImage => ({ truth: p.truth, detections: synthDets[i]! })), classes, 0.5);
const threshold = (cls: string) => info.manifest.thresholds[cls] ?? 0;
const atShipped = evaluateAp(
  labelled.map((p, i): EvalImage => ({ truth: p.truth, detections: synthDets[i]!.filter((d) => d.score >= threshold(d.class)) })),
  classes,
  0.5,
);
const shippedTotals = classes.reduce((t, c) => ({ tp: t.tp + atShipped.perClass[c]!.truePositives, dets: t.dets + atShipped.perClass[c]!.detections, truths: t.truths + atShipped.perClass[c]!.truths }), { tp: 0, dets: 0, truths: 0 });
const shippedRecall = shippedTotals.truths ? shippedTotals.tp / shippedTotals.truths : null;
const shippedPrecision = shippedTotals.dets ? shippedTotals.tp / shippedTotals.dets : null;

// 2. Real fire/smoke photos (YOLO labels; classes named in data.yaml, matched by lower-cased name).
const fsDir = path.join(REALDATA, 'hazards/fire_smoke_yolo');
let realFire: { photos: number; objects: number; found: number; foundAnyClass: number; recall: number | null; perPhoto: unknown[] } | null = null;
if (existsSync(fsDir)) {
  const names = yoloNames(readFileSync(path.join(fsDir, 'data.yaml'), 'utf8')).map((n) => n.toLowerCase());
  const imgs = photoFiles([path.join(fsDir, 'images')]);
  const dets = await run(imgs);
  let objects = 0;
  let found = 0;
  let foundAny = 0;
  const perPhoto = [];
  for (const [i, img] of imgs.entries()) {
    const meta = await sharp(img).metadata();
    const txt = path.join(fsDir, 'labels', `${path.parse(img).name}.txt`);
    const truth = yoloBoxes(existsSync(txt) ? readFileSync(txt, 'utf8') : '', names, meta.autoOrient.width, meta.autoOrient.height).filter((t) =>
      classes.includes(t.class),
    );
    const c = (b: readonly number[]) => ({ x1: b[0]!, y1: b[1]!, x2: b[0]! + b[2]!, y2: b[1]! + b[3]! });
    const hit = truth.filter((t) => dets[i]!.some((d) => d.class === t.class && iou(c(d.bbox), c(t.bbox)) >= 0.5)).length;
    const hitAny = truth.filter((t) => dets[i]!.some((d) => ['fire', 'smoke'].includes(d.class) && iou(c(d.bbox), c(t.bbox)) >= 0.5)).length;
    objects += truth.length;
    found += hit;
    foundAny += hitAny;
    perPhoto.push({ file: path.basename(img), objects: truth.length, found: hit, detections: dets[i] });
  }
  realFire = { photos: imgs.length, objects, found, foundAnyClass: foundAny, recall: objects ? found / objects : null, perPhoto };
}

// 3. Clean real photos: every detection at the shipped thresholds is a false alarm.
const cleanDirs = ['images/dji_rgb', 'images/other_drones', ...['oilfield_daqing_satellite', 'storage_tanks_satellite', 'farmland_village_drone', 'roads_drone'].map((d) => `aerial/${d}`)]
  .map((d) => path.join(REALDATA, d))
  .filter(existsSync);
const cleanFiles = photoFiles(cleanDirs).filter((f) => /\.(jpe?g|png)$/i.test(f));
const cleanDets = await run(cleanFiles).catch(() => null);
const falseAlarms = cleanDets ? cleanDets.reduce((s, d) => s + d.length, 0) : null;
// What analysis would still file: the same check, from each photo's own pose only (satellite tiles and
// drone photos without a relative altitude carry none, and keep every box).
const sizeRanges = groundSizeRangesFor(info.manifest);
const cleanPoses = await Promise.all(cleanFiles.map(poseOf));
const cleanSized = cleanDets?.map((dets, i) => sizeDetections(cleanPoses[i]!.camera, dets, sizeRanges));
const falseAlarmsFiled = cleanSized ? cleanSized.reduce((s, d) => s + d.filter((x) => !holdsBack(x.sizeCheck)).length, 0) : null;
const cleanWithPose = cleanDets ? cleanPoses.filter((p) => p.camera !== null).length : 0;
const cleanPerFolder = Object.fromEntries(
  cleanDirs.map((d) => {
    const idx = cleanFiles.flatMap((f, i) => (f.startsWith(d + path.sep) ? [i] : []));
    return [path.relative(REALDATA, d), { photos: idx.length, falseAlarms: cleanDets ? idx.reduce((s, i) => s + cleanDets[i]!.length, 0) : null }];
  }),
);
// Which classes cry wolf, and on what: the per-class count tells a user which thresholds to raise.
const cleanPerClass = Object.fromEntries(classes.map((c) => [c, cleanDets ? cleanDets.flat().filter((d) => d.class === c).length : null]));
const cleanPerPhoto = (cleanSized ?? []).flatMap((dets, i) =>
  dets.length ? [{ file: path.relative(REALDATA, cleanFiles[i]!), detections: dets.map((d) => ({ ...d, score: Number(d.score.toFixed(3)) })) }] : [],
);
await pool.close();

// Report.
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '   -  ' : v.toFixed(3).padStart(6));
const rows = classes.map((c) => {
  const r = ap.perClass[c]!;
  return `${c.padEnd(14)} ${fmt(r.ap)}  ${String(r.truths).padStart(5)}  ${String(r.truePositives).padStart(5)}  ${String(r.detections).padStart(5)}  ${r.ap !== null && r.ap < 0.4 ? 'BELOW 0.4' : ''}`;
});
const faPerPhoto = falseAlarms !== null && cleanFiles.length ? falseAlarms / cleanFiles.length : null;
const faFiledPerPhoto = falseAlarmsFiled !== null && cleanFiles.length ? falseAlarmsFiled / cleanFiles.length : null;
const table = [
  `model ${info.id}  set: ${setSource} (${labelled.length} photos)`,
  `class           AP@.5  truth     TP   dets   (AP over all detections scoring >= ${AP_SCORE_FLOOR})`,
  ...rows,
  `${'mAP@0.5'.padEnd(14)} ${fmt(ap.map)}  ${ap.map !== null && ap.map < 0.6 ? 'BELOW 0.6' : ''}`,
  `at the shipped thresholds: recall ${fmt(shippedRecall)}, precision ${fmt(shippedPrecision)} (${shippedTotals.tp} of ${shippedTotals.truths} hazards, ${shippedTotals.dets} boxes)`,
  `real fire/smoke recall (same class, IoU>=.5): ${realFire ? `${realFire.found}/${realFire.objects} = ${fmt(realFire.recall)}; any fire/smoke class: ${realFire.foundAnyClass}` : 'not run (realdata missing or --no-real)'}`,
  `false alarms on ${cleanFiles.length} clean real photos: ${falseAlarms ?? '-'} = ${fmt(faPerPhoto)} per photo ${faPerPhoto !== null && faPerPhoto > 0.1 ? 'ABOVE 0.1' : ''}`,
  `  after the ground-size check (${cleanWithPose} of ${cleanFiles.length} photos have a pose to size boxes by): ${falseAlarmsFiled ?? '-'} = ${fmt(faFiledPerPhoto)} per photo ${faFiledPerPhoto !== null && faFiledPerPhoto > 0.1 ? 'ABOVE 0.1' : ''}`,
  ...Object.entries(cleanPerFolder).map(([d, v]) => `  ${d}: ${v.falseAlarms ?? '-'} in ${v.photos}`),
  `  shrunk to the model's ${info.manifest.maxPxPerM ?? '-'} px/m before detection: ${resampled.size ? [...resampled].map(([f, s]) => `${path.basename(f)} x${s}`).join(', ') : 'none'}${values['no-resample'] ? ' (--no-resample)' : ''}`,
  `  by class: ${classes.map((c) => `${c} ${cleanPerClass[c] ?? '-'}`).join(', ')}`,
];
process.stdout.write(`${table.join('\n')}\n`);
const evaluatedAt = new Date().toISOString();
const report = { model: info.id, sha256: info.sha256, evaluatedAt, set: { source: setSource, photos: labelled.length }, apScoreFloor: AP_SCORE_FLOOR, ap, atShippedThresholds: atShipped, realFireSmoke: realFire, clean: { photos: cleanFiles.length, falseAlarms, perPhoto: faPerPhoto, photosWithPose: cleanWithPose, afterSizeCheck: { falseAlarms: falseAlarmsFiled, perPhoto: faFiledPerPhoto }, resampled: Object.fromEntries(resampled), perFolder: cleanPerFolder, perClass: cleanPerClass, photosWithAlarms: cleanPerPhoto } };
const out = values.out ?? path.join(info.dir, 'eval.json');
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
log(`wrote ${out}`);
if (!values['no-write']) {
  // Merge into the manifest as written (keeping the trainer's keys and key order), not the parsed copy.
  const manifest = JSON.parse(readFileSync(info.manifestPath, 'utf8')) as Record<string, unknown>;
  manifest.metrics = {
    ...(manifest.metrics as object | undefined),
    map50: ap.map,
    apScoreFloor: AP_SCORE_FLOOR,
    shippedThresholdsRecall: shippedRecall,
    shippedThresholdsPrecision: shippedPrecision,
    ap50: Object.fromEntries(classes.map((c) => [c, ap.perClass[c]!.ap])),
    evalSet: setSource,
    evalPhotos: labelled.length,
    realFireSmokeRecall: realFire?.recall ?? null,
    falseAlarmsPerCleanPhoto: faPerPhoto,
    falseAlarmsPerCleanPhotoAfterSizeCheck: faFiledPerPhoto,
    falseAlarmsPerClass: cleanPerClass,
    evaluatedAt,
  };
  writeFileSync(info.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`metrics written into ${info.manifestPath}`);
}
// Both shipped models unless one was named: the thermal one on its held-out sources.
const thermal = values.model ? undefined : findModel(allModels, undefined, 'thermal');
if (thermal) {
  await loadModel(thermal);
  await evaluateThermal(thermal, thermalOptions);
}
