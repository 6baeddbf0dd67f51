/**
 * Detect: run one model on one photo (off the event loop), store its detections, then analyze. A photo
 * whose pose says it is sharper than the model was trained on is shrunk to the model's resolution first
 * (DETECT_RESAMPLE); the job's result records the resolution and scale the model saw.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { JobName, type JobData } from '../../core/jobs.ts';
import { readFile } from 'node:fs/promises';
import type { Detection } from '../../core/domain.ts';
import { readThermal, withTemperatures } from '../../core/pipeline/thermal/thermal-reading.ts';
import type { ModelRecord } from '../../core/db/repositories/models.repository.ts';
import { photoPixelsPerMetre } from '../../core/pipeline/camera/ground-resolution.ts';
import type { Services } from '../../core/services.ts';
import { decodeScale } from '../../models/inference/decode-scale.ts';
import { withImageFailure } from './image-failure.ts';

/** How the detector is to read the photo. */
export interface DetectHints {
  /** Decode at this fraction of the photo's size (decode-scale.ts; default 1). */
  scale?: number;
}

/** What the detect processor needs of the inference layer (a worker-thread pool in production). */
export interface Detector {
  detect(model: ModelRecord, imagePath: string, hints?: DetectHints): Promise<Detection[]>;
}

const round2 = (v: number) => Math.round(v * 100) / 100;


export const detectImage = (s: Services, detector: Detector) => async (job: Job<JobData<JobName.DetectImage>>) => {
  const { imageId, modelId } = job.data;
  const image = await s.images.get(imageId);
  if (!image) throw new UnrecoverableError(`image ${imageId} not found`);
  const model = await s.models.get(modelId);
  if (!model) throw new UnrecoverableError(`model ${modelId} not registered`);
  return withImageFailure(s, job, imageId, async () => {
    await s.images.setStatus(imageId, 'processing');
    const pxPerM = s.config.DETECT_RESAMPLE && image.meta ? photoPixelsPerMetre(image.meta) : null;
    const maxPxPerM = typeof model.manifest.maxPxPerM === 'number' ? model.manifest.maxPxPerM : undefined;
    // Decided once here, so the scale recorded with the detections is the one the model saw.
    const scale = decodeScale(maxPxPerM, pxPerM);
    const detections = await s.blobs.withLocalFile(image.sha256, async (file) =>
      withTemperatures(await detector.detect(model, file, { scale }), image.meta?.thermalData === 'flir' ? (await readThermal(await readFile(file), image.meta)).temperatures : null, image.meta),
    );
    await s.detections.replaceForImage(imageId, model, detections, scale);
    await s.jobs.add({ name: JobName.AnalyzeImage, data: { imageId } });
    return { detections: detections.length, pxPerM: pxPerM === null ? null : round2(pxPerM), decodeScale: round2(scale) };
  });
};
