/**
 * Test helpers: installs the tiny hand-built ONNX detectors of tests/fixtures/models (see make-models.py:
 * they find pure red = class "red" and pure blue = class "blue" blobs exactly) into a temporary models
 * folder with a manifest, and draws test photos.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

export const FIXTURE_MODELS = path.resolve(import.meta.dirname, '../../fixtures/models');

/** A temporary folder laid out like `models/`. */
export const tempModelsDir = (): string => mkdtempSync(path.join(tmpdir(), 'models-test-'));

/**
 * Copies a fixture model (or writes `bytes`) to `<root>/<name>/1/model.onnx` with a manifest; the
 * manifest's sha256 is computed here with node:crypto unless `overrides.sha256` is given.
 */
export function installModel(root: string, layout: 'yolov8' | 'end2end', overrides: Record<string, unknown> = {}, bytes?: Buffer): string {
  const name = (overrides.name as string | undefined) ?? `centroid-${layout}`;
  const dir = path.join(root, name, '1');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'model.onnx');
  if (bytes) writeFileSync(file, bytes);
  else copyFileSync(path.join(FIXTURE_MODELS, `centroid-${layout}.onnx`), file);
  const manifest = {
    name,
    version: '1',
    file: 'model.onnx',
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    classes: [
      { id: 'red', zh: '红色', en: 'red' },
      { id: 'blue', zh: '蓝色', en: 'blue' },
    ],
    input: { name: 'images', width: 128, height: 128 },
    output: { layout },
    thresholds: { red: 0.3, blue: 0.3 },
    nmsIou: 0.45,
    ...overrides,
  };
  const manifestPath = path.join(dir, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return manifestPath;
}

/** A grey JPEG (4:4:4, so colour edges stay sharp) with solid rectangles; colours '#ff0000' / '#0000ff'. */
export async function drawPhoto(width: number, height: number, rects: { x: number; y: number; w: number; h: number; fill: string }[]): Promise<Buffer> {
  const body = rects.map((r) => `<rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" fill="${r.fill}"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#808080"/>${body}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
}
