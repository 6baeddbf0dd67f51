/**
 * What the command-line tools learn from a photo's own pose (no flight log here), the same way the
 * pipeline does: its ground resolution, which decides whether the detector shrinks it first, and the
 * size of each box on the ground, which decides whether analysis would hold the box back.
 */
import { readFile } from 'node:fs/promises';
import type { Detection } from '../../core/domain.ts';
import { cameraFromMeta, type Camera } from '../../core/pipeline/camera/camera.model.ts';
import type { GroundExtent } from '../../core/pipeline/camera/ground-extent.ts';
import { centrePixelsPerMetre } from '../../core/pipeline/camera/ground-resolution.ts';
import { checkDetectionSize, type GroundSizeRange, type SizeVerdict } from '../../core/pipeline/camera/ground-size.check.ts';
import { readImageMeta } from '../../core/pipeline/metadata/read-image-meta.ts';

export interface SizedDetection extends Detection {
  groundSizeM: GroundExtent | null;
  sizeCheck: SizeVerdict | null;
}

/** A photo's camera and its pixels per metre at the centre; both null without a usable pose. */
export interface PhotoPose {
  camera: Camera | null;
  pxPerM: number | null;
}

/** Reads the pose from the photo at `file` (EXIF/XMP); an unreadable one has none. */
export async function readPhotoPose(file: string): Promise<PhotoPose> {
  const meta = await readImageMeta(await readFile(file)).catch(() => null);
  const camera = meta ? cameraFromMeta(meta).camera : null;
  return { camera, pxPerM: camera ? centrePixelsPerMetre(camera) : null };
}

/** Sizes each detection with the camera; without one every size and verdict is null. */
export function sizeDetections(
  camera: Camera | null,
  detections: readonly Detection[],
  ranges: Readonly<Record<string, GroundSizeRange>>,
): SizedDetection[] {
  const cm = (m: number) => Math.round(m * 100) / 100;
  return detections.map((d) => {
    const { groundSizeM, sizeCheck } = checkDetectionSize(camera, d, ranges);
    return { ...d, groundSizeM: groundSizeM && { longM: cm(groundSizeM.longM), shortM: cm(groundSizeM.shortM) }, sizeCheck };
  });
}
