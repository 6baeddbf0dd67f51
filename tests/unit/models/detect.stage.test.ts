import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../core/domain.ts';
import { decodeScale } from '../../../models/inference/decode-scale.ts';
import { detect } from '../../../models/inference/detect.stage.ts';
import { ImageDecodeError } from '../../../models/inference/model.errors.ts';
import { listModels, loadModel, type LoadedModel } from '../../../models/inference/model-registry.ts';
import { drawPhoto, installModel, tempModelsDir } from './model-fixture.ts';

const root = tempModelsDir();
installModel(root, 'yolov8');
installModel(root, 'end2end');
const models = await Promise.all(listModels(root).map((info) => loadModel(info)));

const expectBox = (d: Detection | undefined, cls: string, bbox: number[], tol: number) => {
  expect(d?.class).toBe(cls);
  d!.bbox.forEach((v, i) => expect(Math.abs(v - bbox[i]!)).toBeLessThanOrEqual(tol));
};

describe.each(models.map((m) => [m.layout, m] as const))('detect with the %s layout', (_layout, model) => {
  it('finds small objects in a photo larger than the input, in original pixels', async () => {
    // 1000x700 photo, model input 128: 10 x 8 tiles + the whole-image pass. The blue rectangle spans the
    // border between the first two tile columns; the red one sits inside a tile.
    const photo = await drawPhoto(1000, 700, [
      { x: 600, y: 300, w: 40, h: 30, fill: '#ff0000' },
      { x: 100, y: 500, w: 60, h: 40, fill: '#0000ff' },
    ]);
    const dets = await detect(model, photo);
    expect(dets).toHaveLength(2);
    expectBox(dets.find((d) => d.class === 'red'), 'red', [600, 300, 40, 30], 1);
    expectBox(dets.find((d) => d.class === 'blue'), 'blue', [100, 500, 60, 40], 1);
  });

  it('merges an object bigger than a tile, cut by many tiles, into one box', async () => {
    const photo = await drawPhoto(900, 600, [{ x: 200, y: 150, w: 300, h: 200, fill: '#ff0000' }]);
    const dets = await detect(model, photo);
    expect(dets).toHaveLength(1);
    expectBox(dets[0], 'red', [200, 150, 300, 200], 1);
  });

  it('reports boxes in EXIF-oriented pixels', async () => {
    // Draw the photo as it should be DISPLAYED (200 wide, 300 high, red box at 20,180 50x40), store it
    // rotated 90 degrees counter-clockwise with Orientation 6 ("rotate 90 CW to display").
    const displayed = await drawPhoto(200, 300, [{ x: 20, y: 180, w: 50, h: 40, fill: '#ff0000' }]);
    const stored = await sharp(displayed).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
    const meta = await sharp(stored).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([300, 200, 6]);
    const dets = await detect(model, stored);
    expectBox(dets[0], 'red', [20, 180, 50, 40], 1);
  });

  it('runs one shrink-on-load pass without tiling, mapped back to original pixels', async () => {
    // 1280x896 -> decoded at 128x90 (scale 0.1); a 200x150 box becomes 20x15 there, so +-1 decoded px
    // of resampling blur is +-10 original px.
    const photo = await drawPhoto(1280, 896, [{ x: 400, y: 300, w: 200, h: 150, fill: '#0000ff' }]);
    const dets = await detect(model, photo, { tiling: false });
    expect(dets).toHaveLength(1);
    expectBox(dets[0], 'blue', [400, 300, 200, 150], 10);
  });

  it('does not enlarge a photo smaller than the input unless asked (scaleUp)', async () => {
    // 60x40 photo, input 128. The hand-built model scores a blob by its area in input pixels (0.9 at 100
    // px or more): at its own size the 8x8 square covers 64 px (0.58); enlarged 2.13x to fill the input it
    // covers about 290 px (0.9). Either way the box maps back to the same original pixels.
    const photo = await drawPhoto(60, 40, [{ x: 20, y: 10, w: 8, h: 8, fill: '#ff0000' }]);
    const native = await detect(model, photo, { minScore: 0.3 });
    expectBox(native[0], 'red', [20, 10, 8, 8], 1);
    expect(native[0]!.score).toBeCloseTo(0.576, 2);
    const enlarged = await detect(model, photo, { minScore: 0.3, scaleUp: true });
    expectBox(enlarged[0], 'red', [20, 10, 8, 8], 1);
    expect(enlarged[0]!.score).toBeCloseTo(0.9, 2);
  });

  it('honours minScore overrides and refuses an unreadable photo as bad input', async () => {
    const photo = await drawPhoto(300, 300, [{ x: 10, y: 10, w: 30, h: 30, fill: '#ff0000' }]);
    expect(await detect(model, photo, { minScore: 0.95 })).toEqual([]);
    await expect(detect(model, Buffer.from('not a photo'))).rejects.toBeInstanceOf(ImageDecodeError);
  });
});

describe('detect shrinks a photo sharper than the model was trained on', () => {
  const sharpRoot = tempModelsDir();
  installModel(sharpRoot, 'yolov8', { name: 'centroid-50ppm', maxPxPerM: 50 });
  // what the pipeline passes: the scale decode-scale.ts derives from the photo's pose and the model's maxPxPerM
  const atResolution = (model: LoadedModel, photo: Buffer, pxPerM: number) => detect(model, photo, { scale: decodeScale(model.info.manifest.maxPxPerM, pxPerM) });
  const scenes = async () => {
    // A 40x30 box and an 8x8 speck: at a quarter of the size the speck is 2 px and washes out below the threshold.
    return drawPhoto(1000, 700, [
      { x: 600, y: 300, w: 40, h: 30, fill: '#ff0000' },
      { x: 200, y: 200, w: 8, h: 8, fill: '#0000ff' },
    ]);
  };

  it("decodes at maxPxPerM / pxPerM (here a quarter) and still reports boxes in the photo's own pixels", async () => {
    const model = await loadModel(listModels(sharpRoot)[0]!);
    const photo = await scenes();
    const full = await detect(model, photo);
    expect(full.map((d) => d.class).sort()).toEqual(['blue', 'red']);
    const shrunk = await atResolution(model, photo, 200);
    expect(shrunk.map((d) => d.class)).toEqual(['red']);
    // one decoded pixel is four original ones
    expectBox(shrunk[0], 'red', [600, 300, 40, 30], 4);
  });

  it('leaves a photo at or below the model resolution, and any photo for a model without maxPxPerM, at full size', async () => {
    const model = await loadModel(listModels(sharpRoot)[0]!);
    const photo = await scenes();
    expect(await atResolution(model, photo, 50)).toHaveLength(2);
    expect(await atResolution(model, photo, 12)).toHaveLength(2);
    const plain = models.find((m) => m.layout === 'yolov8')!;
    expect(plain.info.manifest.maxPxPerM).toBeUndefined();
    expect(await atResolution(plain, photo, 200)).toHaveLength(2);
  });
});
