/** Ingest: read the photo's pose (from its file, else from the mission's flight log), then detect. */
import { readFile } from 'node:fs/promises';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobName, type JobData } from '../../core/jobs.ts';
import { completeMetaFromTrack } from '../../core/pipeline/metadata/pose-from-track.ts';
import { readImageMeta } from '../../core/pipeline/metadata/read-image-meta.ts';
import { captureTimeInUtc } from '../../core/pipeline/metadata/image-time.ts';
import type { ImageMeta, Track } from '../../core/domain.ts';
import type { Services } from '../../core/services.ts';
import { withImageFailure } from './image-failure.ts';

/** Fills a missing position from the first track that covers the photo's time (pure apart from the loop). */
export function placeFromTracks(meta: ImageMeta, tracks: Track[], utcOffsetMin: number): ImageMeta {
  for (const track of tracks) {
    const completed = completeMetaFromTrack(meta, track, { utcOffsetMin });
    if (completed.positionSource === 'flight-log') return completed;
  }
  return meta;
}

export const ingestImage = (s: Services) => async (job: Job<JobData<JobName.IngestImage>>) => {
  const { imageId } = job.data;
  const image = await s.images.get(imageId);
  if (!image) throw new UnrecoverableError(`image ${imageId} not found`);
  return withImageFailure(s, job, imageId, async () => {
    await s.images.setStatus(imageId, 'processing');
    // A zone-less clock is read in the configured zone before anything compares times with it.
    let meta = captureTimeInUtc(await readImageMeta(await readFile(s.blobs.pathOf(image.sha256))), s.config.PHOTO_UTC_OFFSET_MIN);
    if (meta.lat === null || meta.lon === null) meta = placeFromTracks(meta, await s.flightLogs.tracksOf(image.missionId), s.config.PHOTO_UTC_OFFSET_MIN);
    await s.images.setMeta(imageId, meta);
    const model = await s.models.active();
    // Detection runs with or without a position: an unplaced photo is still worth an officer's look.
    if (model) await s.jobs.add({ name: JobName.DetectImage, data: { imageId, modelId: model.id } });
    else await s.jobs.add({ name: JobName.AnalyzeImage, data: { imageId } });
    return { positionSource: meta.positionSource, model: model?.id ?? null };
  });
};
