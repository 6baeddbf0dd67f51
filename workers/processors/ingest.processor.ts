/**
 * Ingest: read the photo's pose (from its file, then what its sender reported, else from the mission's
 * flight log), decide its band (visible or thermal) and its shot, name its camera, read its temperatures
 * where it carries them, then detect with the active model of its band.
 */
import { readFile } from 'node:fs/promises';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobName, type JobData } from '../../core/jobs.ts';
import { completeMetaFromTrack } from '../../core/pipeline/metadata/pose-from-track.ts';
import { readImageMeta } from '../../core/pipeline/metadata/read-image-meta.ts';
import { captureTimeInUtc } from '../../core/pipeline/metadata/image-time.ts';
import { mergeSuppliedMeta } from '../../core/pipeline/metadata/merge-supplied-meta.ts';
import { identifyCamera } from '../../core/pipeline/camera/camera.model.ts';
import { shotKey, spectralBand } from '../../core/pipeline/thermal/spectral-band.ts';
import { readThermal } from '../../core/pipeline/thermal/thermal-reading.ts';
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
    // The bytes stay in memory for the temperature reading below (an S3 original's local copy is temporary).
    const bytes = await s.blobs.withLocalFile(image.sha256, (file) => readFile(file));
    let meta = mergeSuppliedMeta(await readImageMeta(bytes), image.suppliedMeta);
    // A zone-less clock is read in the configured zone before anything compares times with it.
    meta = captureTimeInUtc(meta, s.config.PHOTO_UTC_OFFSET_MIN);
    if (meta.lat === null || meta.lon === null) meta = placeFromTracks(meta, await s.flightLogs.tracksOf(image.missionId), s.config.PHOTO_UTC_OFFSET_MIN);
    const { band, reason } = spectralBand(meta, image.filename);
    meta = { ...meta, band, bandReason: reason, camera: identifyCamera(meta) };
    const { reading } = await readThermal(bytes, meta);
    if (reading) meta.thermal = reading;
    await s.images.setMeta(imageId, meta);
    await s.images.setRouting(imageId, band, shotKey(meta, image.filename));
    const model = await s.models.active(band);
    // Detection runs with or without a position: an unplaced photo is still worth an officer's look. A
    // band without an active model is not sent to the other band's model (a visible-light model reads
    // nothing true in a thermal image); the photo is still placed and kept.
    if (model) await s.jobs.add({ name: JobName.DetectImage, data: { imageId, modelId: model.id } });
    else await s.jobs.add({ name: JobName.AnalyzeImage, data: { imageId } });
    return { positionSource: meta.positionSource, band, model: model?.id ?? null };
  });
};
