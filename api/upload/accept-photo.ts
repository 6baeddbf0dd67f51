/**
 * The one way a photo enters the pipeline, whoever sends it (an operator's upload, a dock's bucket, a
 * FlightHub notification): check the staged bytes are a readable image, keep them under their hash,
 * register them in the mission (idempotent on the hash) and queue the ingest job. A refused file is
 * discarded and answered with its AppError; nothing half-kept remains.
 */
import { JobName } from '../../core/jobs.ts';
import { ignoreQueueUnavailable } from '../../core/queue/job-queue.ts';
import type { SuppliedMeta } from '../../core/domain.ts';
import type { ImageRecord } from '../../core/db/repositories/images.repository.ts';
import type { Services } from '../../core/services.ts';
import type { StagedBlob } from '../../core/storage/blob-store.ts';
import { checkImageFile } from './check-image-file.ts';

export interface AcceptedPhoto {
  image: ImageRecord;
  duplicate: boolean;
}

export async function acceptPhoto(s: Services, input: { missionId: string; staged: StagedBlob; filename: string; suppliedMeta?: SuppliedMeta | null }): Promise<AcceptedPhoto> {
  const { staged } = input;
  try {
    const type = await checkImageFile(staged.tmpPath, staged.size, s.config.MAX_IMAGE_PIXELS);
    await s.blobs.commit(staged);
    const { image, duplicate } = await s.images.register({ missionId: input.missionId, sha256: staged.sha256, filename: input.filename, size: staged.size, contentType: `image/${type}`, suppliedMeta: input.suppliedMeta ?? null });
    // Stored and registered is accepted: where Redis is away, the recovery sweeper queues it once it is back.
    // A photo already analysed in another mission is linked to it, not analysed again.
    if (!duplicate && !image.duplicateOf) await s.jobs.add({ name: JobName.IngestImage, data: { imageId: image.id } }).catch(ignoreQueueUnavailable);
    return { image, duplicate };
  } catch (error) {
    await s.blobs.discard(staged);
    throw error;
  }
}
