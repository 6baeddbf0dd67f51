/**
 * Inference stage benchmark. Prints JSON lines, no assertions:
 * - bare `session.run` on a fixed input tensor (ms per run);
 * - the stage on one photo of exactly the model input size (decode + letterbox + run + decode + NMS);
 * - the stage on a 12-megapixel photo (decode once + all tiles + whole pass + merge), with the bare
 *   run time for the same number of tensors and the ratio stage throughput / bare throughput;
 * - the same photo as from a low pass (130 px/m, a Dock 3 at 21.6 m), shrunk to the model's maxPxPerM
 *   first as the pipeline does, beside the full-size run: the time the resampling saves.
 * Uses the shipped dy-hazard model when present, else the tiny test detector (input 128).
 * Run: npx tsx bench/inference.bench.ts [--model name@version] [--models-dir DIR] [--runs N]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { decodeScale } from '../models/inference/decode-scale.ts';
import { detect } from '../models/inference/detect.stage.ts';
import { DEFAULT_MODELS_DIR, findModel, listModels, loadModel, type LoadedModel } from '../models/inference/model-registry.ts';
import { planViews } from '../models/inference/tiles.plan.ts';
import { installModel } from '../tests/unit/models/model-fixture.ts';

const { values } = parseArgs({ options: { model: { type: 'string', default: 'dy-hazard' }, 'models-dir': { type: 'string' }, runs: { type: 'string', default: '20' } } });
const runs = Math.max(1, Number(values.runs));
const emit = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

let info = findModel(listModels(values['models-dir'] ?? DEFAULT_MODELS_DIR, { onInvalid: () => {} }), values.model);
if (!info) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-models-'));
  info = listModels(path.dirname(path.dirname(path.dirname(installModel(dir, 'yolov8')))))[0]!;
}
const model: LoadedModel = await loadModel(info, { intraOpNumThreads: 1 });
const W = model.inputWidth;
const H = model.inputHeight;

async function time(fn: () => Promise<unknown>, n: number): Promise<number> {
  await fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - t0) / n;
}

const tensor = new ort.Tensor('float32', new Float32Array(3 * W * H).fill(0.5), [1, 3, H, W]);
const bareMs = await time(() => model.session.run({ [model.inputName]: tensor }, [model.outputName]), runs);
emit({ bench: 'session.run', model: info.id, input: `${W}x${H}`, msPerRun: +bareMs.toFixed(2), runs });

const noise = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 90 }).toBuffer();
const tilePhoto = await noise(W, H);
const tileMs = await time(() => detect(model, tilePhoto), runs);
emit({ bench: 'stage per input-size photo', model: info.id, input: `${W}x${H}`, msPerTile: +tileMs.toFixed(2), bareMs: +bareMs.toFixed(2), throughputRatio: +(bareMs / tileMs).toFixed(3) });

const big = await noise(4000, 3000);
const views = planViews(4000, 3000, { tiling: true, tileW: W, tileH: H, overlap: 0.2, wholeImage: true }).length;
const photoRuns = Math.max(1, Math.ceil(runs / 10));
const photoMs = await time(() => detect(model, big), photoRuns);
const decodeMs = await time(() => sharp(big).autoOrient().raw().toBuffer(), photoRuns);
emit({
  bench: 'stage per 12 MP photo',
  model: info.id,
  photo: '4000x3000',
  views,
  msPerPhoto: +photoMs.toFixed(1),
  decodeMs: +decodeMs.toFixed(1),
  bareRunsMs: +(views * bareMs).toFixed(1),
  throughputRatio: +((views * bareMs) / photoMs).toFixed(3),
  runs: photoRuns,
});

// A low pass: the pose says 130 px/m; a model with maxPxPerM sees the photo shrunk to that resolution.
const LOW_PASS_PX_PER_M = 130;
const scale = decodeScale(info.manifest.maxPxPerM, LOW_PASS_PX_PER_M);
const shrunkViews = planViews(Math.round(4000 * scale), Math.round(3000 * scale), { tiling: true, tileW: W, tileH: H, overlap: 0.2, wholeImage: true }).length;
const shrunkMs = await time(() => detect(model, big, { scale }), photoRuns);
emit({
  bench: 'stage per 12 MP photo from a low pass, shrunk to the model resolution',
  model: info.id,
  photo: '4000x3000',
  pxPerM: LOW_PASS_PX_PER_M,
  maxPxPerM: info.manifest.maxPxPerM ?? null,
  decodeScale: +scale.toFixed(3),
  views: shrunkViews,
  msPerPhoto: +shrunkMs.toFixed(1),
  fullSizeMsPerPhoto: +photoMs.toFixed(1),
  speedup: +(photoMs / shrunkMs).toFixed(3),
  runs: photoRuns,
});

