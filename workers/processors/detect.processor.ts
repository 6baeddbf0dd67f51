/** Detect: run one model on one photo (off the event loop), store its detections, then analyze. */
import { UnrecoverableError, type Job } from 'bullmq';
import { JobName, type JobData } from '../../core/jobs.ts';
import type { Detection } from '../../core/domain.ts';
import type { ModelRecord } from '../../core/db/repositories/models.repository.ts';
import type { Services } from '../../core/services.ts';
import { withImageFailure } from './image-failure.ts';

/** What the detect processor needs of the inference layer (a worker-thread pool in production). */
export interface Detector {
  detect(model: ModelRecord, imagePath: string): Promise<Detection[]>;
}

export const detectImage = (s: Services, detector: Detector) => async (job: Job<JobData<JobName.DetectImage>>) => {
  const { imageId, modelId } = job.data;
  const image = await s.images.get(imageId);
  if (!image) throw new UnrecoverableError(`image ${imageId} not found`);
  const model = await s.models.get(modelId);
  if (!model) throw new UnrecoverableError(`model ${modelId} not registered`);
  return withImageFailure(s, job, imageId, async () => {
    await s.images.setStatus(imageId, 'processing');
    const detections = await detector.detect(model, s.blobs.pathOf(image.sha256));
    await s.detections.replaceForImage(imageId, model, detections);
    await s.jobs.add({ name: JobName.AnalyzeImage, data: { imageId } });
    return { detections: detections.length };
  });
};
