import { afterAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../../../core/errors.ts';
import { detect } from '../../../models/inference/detect.stage.ts';
import { DetectorPool } from '../../../models/inference/detector.pool.ts';
import { ModelError } from '../../../models/inference/model.errors.ts';
import { listModels, loadModel } from '../../../models/inference/model-registry.ts';
import { drawPhoto, installModel, tempModelsDir } from './model-fixture.ts';

const root = tempModelsDir();
installModel(root, 'yolov8');
const [info] = listModels(root);
const pool = new DetectorPool({ concurrency: 2 });
afterAll(() => pool.close());

describe('DetectorPool', () => {
  it('returns the same detections as detect() in this thread, for bytes and for a path', async () => {
    const photo = await drawPhoto(700, 500, [{ x: 300, y: 200, w: 50, h: 30, fill: '#ff0000' }]);
    const here = await detect(await loadModel(info!), photo);
    const [fromBytes, again] = await Promise.all([pool.detect(info!, photo), pool.detect(info!, photo)]);
    expect(fromBytes).toEqual(here);
    expect(again).toEqual(here);
    expect(here[0]!.bbox).toEqual([300, 200, 50, 30]);
    const { writeFileSync } = await import('node:fs');
    const file = `${root}/photo.jpg`;
    writeFileSync(file, photo);
    expect(await pool.detect(info!, file)).toEqual(here);
  });

  it('keeps the main event loop free while workers infer', async () => {
    const photo = await drawPhoto(2000, 1500, [{ x: 900, y: 700, w: 60, h: 60, fill: '#0000ff' }]);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await pool.detect(info!, photo);
    clearInterval(timer);
    // ~300 tiles take far longer than a few ms; the main thread kept ticking meanwhile.
    expect(ticks).toBeGreaterThan(5);
  });

  it('passes typed errors back: bad photo as BadInputError, bad model as ModelError', async () => {
    await expect(pool.detect(info!, Buffer.from('garbage'))).rejects.toBeInstanceOf(BadInputError);
    const broken = { ...info!, sha256: 'f'.repeat(64) };
    await expect(pool.detect(broken, Buffer.from('garbage'))).rejects.toBeInstanceOf(ModelError);
  });
});
