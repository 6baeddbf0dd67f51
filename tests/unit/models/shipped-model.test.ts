/**
 * The shipped hazard model, through the production path, finds the labelled hazards in the committed
 * synthetic test photos. Skipped (visibly) until models/dy-hazard/<version>/ and the labels exist; CI has both.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { iou } from '../../../models/inference/boxes.nms.ts';
import { detect } from '../../../models/inference/detect.stage.ts';
import { DEFAULT_MODELS_DIR, findModel, listModels, loadModel } from '../../../models/inference/model-registry.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/detection');
type Label = { file: string; objects: { class: string; bbox: [number, number, number, number] }[] };

/** The labels file: the JSON in the fixtures folder shaped [{file, objects}]. */
function findLabels(): Label[] | null {
  if (!existsSync(FIXTURES)) return null;
  for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('.json'))) {
    const json: unknown = JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8'));
    if (Array.isArray(json) && json.every((e) => typeof e?.file === 'string' && Array.isArray(e?.objects))) return json as Label[];
  }
  return null;
}

const shipped = findModel(listModels(DEFAULT_MODELS_DIR, { onInvalid: () => {} }), 'dy-hazard');
const labels = findLabels();
if (!shipped || !labels) console.warn('*** NOTICE: shipped model or detection labels missing; shipped-model test SKIPPED ***');

const corners = (b: readonly number[]) => ({ x1: b[0]!, y1: b[1]!, x2: b[0]! + b[2]!, y2: b[1]! + b[3]! });

describe.skipIf(!shipped || !labels)('shipped model on the committed synthetic photos', () => {
  it('matches most labelled objects with IoU >= 0.5 and the right class', async () => {
    const model = await loadModel(shipped!);
    let total = 0;
    let found = 0;
    for (const photo of labels!) {
      const dets = await detect(model, path.join(FIXTURES, photo.file));
      for (const obj of photo.objects) {
        total++;
        if (dets.some((d) => d.class === obj.class && iou(corners(d.bbox), corners(obj.bbox)) >= 0.5)) found++;
      }
    }
    expect(total).toBeGreaterThan(0);
    expect(found / total).toBeGreaterThanOrEqual(0.7);
  });
});
