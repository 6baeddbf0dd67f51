/**
 * The ground-size check as analysis applies it, for a photo on disk: the command-line tools show which
 * boxes the pipeline would hold back, from the photo's own pose (no flight log here).
 */
import { readFile } from 'node:fs/promises';
import type { Detection } from '../../core/domain.ts';
import { cameraFromMeta } from '../../core/pipeline/camera/camera.model.ts';
import type { GroundExtent } from '../../core/pipeline/camera/ground-extent.ts';
import { checkDetectionSize, type GroundSizeRange, type SizeVerdict } from '../../core/pipeline/camera/ground-size.check.ts';
import { readImageMeta } from '../../core/pipeline/metadata/read-image-meta.ts';

export interface SizedDetection extends Detection {
  groundSizeM: GroundExtent | null;
  sizeCheck: SizeVerdict | null;
}

/** Sizes each detection of the photo at `file`; without a usable pose every size and verdict is null. */
export async function sizePhotoDetections(
  file: string,
  detections: readonly Detection[],
  ranges: Readonly<Record<string, GroundSizeRange>>,
): Promise<{ hasPose: boolean; detections: SizedDetection[] }> {
  const meta = await readImageMeta(await readFile(file)).catch(() => null);
  const camera = meta ? cameraFromMeta(meta).camera : null;
  return {
    hasPose: camera !== null,
    detections: detections.map((d) => {
      const { groundSizeM, sizeCheck } = checkDetectionSize(camera, d, ranges);
      const cm = (m: number) => Math.round(m * 100) / 100;
      return { ...d, groundSizeM: groundSizeM && { longM: cm(groundSizeM.longM), shortM: cm(groundSizeM.shortM) }, sizeCheck };
    }),
  };
}
