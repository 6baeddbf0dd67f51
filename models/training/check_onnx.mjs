// Smoke check of a shipped model with onnxruntime-node (Python here has no onnxruntime):
//   node models/training/check_onnx.mjs models/dy-hazard/1.0.0 tests/fixtures/detection/<photo>.jpg
// Cuts the photo's top-left square tile of the manifest's input size (114-grey padding where the photo
// is smaller), runs it, prints output shape and the strongest raw detections (no NMS).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(join(process.cwd(), 'package.json'));
const ort = require('onnxruntime-node');
const sharp = require('sharp');

const [dir, photo, ox = '0', oy = '0'] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const S = manifest.input.width;
const meta = await sharp(photo).metadata();
const w = Math.min(S, meta.width - Number(ox));
const h = Math.min(S, meta.height - Number(oy));
const { data } = await sharp(photo)
  .extract({ left: Number(ox), top: Number(oy), width: w, height: h })
  .extend({ right: S - w, bottom: S - h, background: { r: 114, g: 114, b: 114 } })
  .removeAlpha().raw().toBuffer({ resolveWithObject: true });
const input = new Float32Array(3 * S * S);
for (let i = 0; i < S * S; i++) for (let c = 0; c < 3; c++) input[c * S * S + i] = data[i * 3 + c] / 255;
const session = await ort.InferenceSession.create(join(dir, manifest.file));
const out = await session.run({ [manifest.input.name]: new ort.Tensor('float32', input, [1, 3, S, S]) });
const t = out[session.outputNames[0]];
const [, ch, n] = t.dims;
console.log('inputs', session.inputNames, 'outputs', session.outputNames, 'dims', t.dims);
const dets = [];
for (let j = 0; j < n; j++) {
  let best = 0, cls = -1;
  for (let c = 4; c < ch; c++) if (t.data[c * n + j] > best) { best = t.data[c * n + j]; cls = c - 4; }
  if (best > 0.25) dets.push({ cls: manifest.classes[cls].id, score: +best.toFixed(3), cx: +t.data[j].toFixed(1), cy: +t.data[n + j].toFixed(1), w: +t.data[2 * n + j].toFixed(1), h: +t.data[3 * n + j].toFixed(1) });
}
dets.sort((a, b) => b.score - a.score);
console.log(JSON.stringify(dets.slice(0, 15), null, 0));
