/**
 * npm run detect -- <files or folders> [--model name@version] [--models-dir DIR] [--annotate DIR]
 *   [--concurrency N] [--no-tiling] [--no-resample] [--lang zh|en]
 * Prints one JSON line per photo: {"file", "detections": [{"class","score","bbox":[x,y,w,h],"groundSizeM",
 * "sizeCheck"}]} (bbox in original, EXIF-oriented pixels; the size on the ground and the ground-size
 * check's verdict from the photo's own pose, null without one), plus "pxPerM" (the photo's ground
 * resolution from that pose) and "decodeScale" (below 1 where the photo, sharper than the model's
 * maxPxPerM, was shrunk to it first, as the pipeline does; --no-resample: never). With --annotate writes
 * annotated JPEG copies there (boxes the pipeline would hold back dashed). Progress goes to stderr.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { groundSizeRangesFor, holdsBack } from '../core/pipeline/camera/ground-size.check.ts';
import { annotate } from './inference/annotate.ts';
import { DetectorPool } from './inference/detector.pool.ts';
import { decodeScale } from './inference/decode-scale.ts';
import { readPhotoPose, sizeDetections } from './inference/photo-pose.ts';
import { DEFAULT_MODELS_DIR, findModel, listModels, loadModel } from './inference/model-registry.ts';
import { photoFiles } from './inference/photo-files.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    model: { type: 'string' },
    'models-dir': { type: 'string' },
    annotate: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
    'no-tiling': { type: 'boolean', default: false },
    'no-resample': { type: 'boolean', default: false },
    lang: { type: 'string' },
  },
});

if (!positionals.length) {
  process.stderr.write('usage: npm run detect -- <files or folders> [--model name@version] [--annotate DIR]\n');
  process.exit(2);
}
const models = listModels(values['models-dir'] ?? DEFAULT_MODELS_DIR);
const info = findModel(models, values.model);
if (!info) {
  process.stderr.write(`no model ${values.model ?? ''} (found: ${models.map((m) => m.id).join(', ') || 'none'})\n`);
  process.exit(2);
}
// Validate once here so a bad model fails with its reason before any photo is queued.
await loadModel(info);
const sizeRanges = groundSizeRangesFor(info.manifest);
const language = values.lang === 'en' || values.lang === 'zh' ? values.lang : undefined; // default: zh where a Chinese font exists
const files = photoFiles(positionals);
const pool = new DetectorPool({ concurrency: Math.max(1, Number(values.concurrency)) });
if (values.annotate) mkdirSync(values.annotate, { recursive: true });
process.stderr.write(`${info.id}: ${files.length} photo(s)\n`);
let failed = 0;
let done = 0;
await Promise.all(
  files.map(async (file) => {
    try {
      const { camera, pxPerM } = await readPhotoPose(file);
      const scale = values['no-resample'] ? 1 : decodeScale(info.manifest.maxPxPerM, pxPerM);
      const detections = sizeDetections(camera, await pool.detect(info, file, { tiling: !values['no-tiling'], scale }), sizeRanges);
      const ppm = pxPerM === null ? null : Math.round(pxPerM * 10) / 10;
      const shownScale = Math.round(scale * 1000) / 1000;
      process.stdout.write(`${JSON.stringify({ file, detections, pxPerM: ppm, decodeScale: shownScale })}\n`);
      if (values.annotate) {
        const jpeg = await annotate(readFileSync(file), detections, { manifest: info.manifest, language });
        writeFileSync(path.join(values.annotate, `${path.parse(file).name}.annotated.jpg`), jpeg);
      }
      const held = detections.filter((d) => holdsBack(d.sizeCheck)).length;
      const shrunk = scale < 1 ? ` (shrunk x${shownScale} from ${ppm} px/m to the model's ${info.manifest.maxPxPerM})` : '';
      process.stderr.write(`[${++done}/${files.length}] ${file}: ${detections.length} detection(s)${held ? `, ${held} of a size their class cannot have` : ''}${shrunk}\n`);
    } catch (e) {
      failed++;
      process.stderr.write(`[${++done}/${files.length}] ${file}: FAILED ${(e as Error).message}\n`);
    }
  }),
);
await pool.close();
process.exit(failed ? 1 : 0);
