/**
 * The thermal model per photo beside the visible one, measured side by side in one run (interleaved, so a
 * busy machine slows both alike): dy-thermal on a 640x512 thermal frame (one whole-frame pass, its
 * manifest says tiling false) and dy-hazard on a 4032x3024 wide photo of the same shot (tiles + whole
 * pass), through the production detect stage with one intra-op thread each. JSON lines, no assertions.
 * int8: onnxruntime's Python quantiser is not installed on this machine (no `onnxruntime` module for
 * /usr/bin/python3) and onnxruntime-node cannot quantise, so no int8 export is measured here.
 * Run: npx tsx bench/thermal.bench.ts [--runs N]
 */
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { detect } from '../models/inference/detect.stage.ts';
import { DEFAULT_MODELS_DIR, findModel, listModels, loadModel } from '../models/inference/model-registry.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Math.max(1, Number(values.runs));
const emit = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
const models = listModels(DEFAULT_MODELS_DIR, { onInvalid: () => {} });
const visibleInfo = findModel(models, undefined, 'visible');
const thermalInfo = findModel(models, undefined, 'thermal');
if (!visibleInfo || !thermalInfo) {
  emit({ bench: 'thermal beside visible', skipped: `needs a visible and a thermal model under ${DEFAULT_MODELS_DIR}` });
  process.exit(0);
}
const visible = await loadModel(visibleInfo, { intraOpNumThreads: 1 });
const thermal = await loadModel(thermalInfo, { intraOpNumThreads: 1 });
const noise = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 90 }).toBuffer();
const wide = await noise(4032, 3024);
const frame = await noise(640, 512);
await detect(visible, wide);
await detect(thermal, frame);
let visibleMs = 0;
let thermalMs = 0;
for (let i = 0; i < runs; i++) {
  let t0 = performance.now();
  await detect(thermal, frame);
  thermalMs += performance.now() - t0;
  t0 = performance.now();
  await detect(visible, wide);
  visibleMs += performance.now() - t0;
}
emit({
  bench: 'thermal beside visible, per photo',
  thermal: { model: thermalInfo.id, photo: '640x512', input: `${thermal.inputWidth}x${thermal.inputHeight}`, tiling: thermal.tiling, msPerPhoto: +(thermalMs / runs).toFixed(1) },
  visible: { model: visibleInfo.id, photo: '4032x3024', input: `${visible.inputWidth}x${visible.inputHeight}`, tiling: visible.tiling, msPerPhoto: +(visibleMs / runs).toFixed(1) },
  visiblePerThermal: +(visibleMs / thermalMs).toFixed(2),
  runs,
  int8: 'not measured: no onnxruntime quantiser for /usr/bin/python3 here',
});
