/**
 * Benchmark photos: the demo mission's photos (real DJI-style poses, rendered hazards) enlarged to 12 MP
 * (4000 x 3000) with film-grain noise so they weigh what a real 12 MP JPEG weighs (4-8 MB), written with
 * the same EXIF and DJI XMP as the demo (the pose's focal length scales with the width, so the ground
 * resolution stays plausible). `bytes` makes heavier ones (20 MB) for the memory benchmark.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { MissionSpec } from '../seeds/demo/build-mission-spec.ts';
import { poseExif, poseXmp } from '../seeds/demo/inject-poses.ts';

const DEMO = path.resolve(import.meta.dirname, '../seeds/demo');

export async function generatePhotos(outDir: string, count: number, options: { quality?: number; grain?: number; width?: number; height?: number } = {}): Promise<string[]> {
  const spec = JSON.parse(readFileSync(path.join(DEMO, 'mission-spec.json'), 'utf8')) as MissionSpec;
  const width = options.width ?? 4000;
  const height = options.height ?? 3000;
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  // Grain: random grey noise blended over the enlarged photo (JPEG cannot compress it away); one layer
  // serves every photo (the scenes under it differ).
  const noise = Buffer.alloc(width * height);
  let seed = 1234;
  for (let k = 0; k < noise.length; k++) noise[k] = (seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) >> 23;
  const grain = await sharp(noise, { raw: { width, height, channels: 1 } }).toColourspace('srgb').png({ compressionLevel: 1 }).toBuffer();
  for (let i = 0; i < count; i++) {
    const p = spec.photos[i % spec.photos.length]!;
    const photo = { ...p, width, height };
    const bytes = await sharp(path.join(DEMO, 'photos', p.file))
      .resize(width, height)
      .composite([{ input: grain, blend: 'soft-light' }])
      .withExif(poseExif(photo, spec))
      .withXmp(poseXmp(photo, spec))
      .jpeg({ quality: options.quality ?? 90 })
      .toBuffer();
    const file = path.join(outDir, `${String(i).padStart(3, '0')}_${p.file}`);
    writeFileSync(file, bytes);
    files.push(file);
  }
  return files;
}
