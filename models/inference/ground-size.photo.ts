/**
 * The ground-size check as analysis applies it, for a photo on disk: the command-line tools show which
 * boxes the pipeline would hold back, from the photo's own pose (no flight log here).
 */
import { readFile } from 'node:fs/promises';
import type { Detection } from '../../core/domain.ts';
import { cameraFromMeta } from '../../core/pipeline/camera/camera.model.ts';
import { groundExtentM, type GroundExtent } from '../../core/pipeline/camera/ground-extent.ts';
import { checkGroundSize, holdsBack, type GroundSizeRange, type SizeVerdict } from '../../core/pipeline/camera/ground-size.check.ts';
import { readImageMeta } from '../../core/pipeline/metadata/read-image-meta.ts';

export interface SizedDetection extends Detection {
  groundSizeM: GroundExtent | null;
  sizeCheck: SizeVerdict | null;
}

/** True for a detection the pipeline would not file. */
export const isHeldBack = (d: { sizeCheck?: string | null }): boolean => holdsBack(d.sizeCheck);

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
      const extent = camera ? groundExtentM(camera, d.bbox) : null;
      const cm = (m: number) => Math.round(m * 100) / 100;
      const groundSizeM = extent && { longM: cm(extent.longM), shortM: cm(extent.shortM) };
      return { ...d, groundSizeM, sizeCheck: checkGroundSize(d.class, extent, { ranges }) };
    }),
  };
}
