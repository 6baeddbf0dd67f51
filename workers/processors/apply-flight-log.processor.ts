/**
 * A flight log arrived: photos of the mission still without a position take theirs from it (and are
 * analysed again), and the track is checked for no-fly zones, the altitude ceiling and gaps.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { JobName, type JobData } from '../../core/jobs.ts';
import { checkFlight } from '../../core/pipeline/flight-checks/flight.check.ts';
import type { Services } from '../../core/services.ts';
import type { ZoneIndexCache } from '../zone-index.cache.ts';
import { placeFromTracks } from './ingest.processor.ts';
import { announceMission } from './announce.ts';

export const applyFlightLog = (s: Services, zoneIndex: ZoneIndexCache) => async (job: Job<JobData<JobName.ApplyFlightLog>>) => {
  const { missionId, flightLogId } = job.data;
  const log = await s.flightLogs.get(flightLogId);
  if (!log) throw new UnrecoverableError(`flight log ${flightLogId} not found`);
  let placed = 0;
  for (const image of await s.images.withoutPosition(missionId)) {
    const meta = placeFromTracks(image.meta!, [log.track], s.config.PHOTO_UTC_OFFSET_MIN);
    if (meta.positionSource !== 'flight-log') continue;
    await s.images.setMeta(image.id, meta);
    // Only photos already through detection are re-analysed; the others pick up the position on their way.
    if (image.status === 'done') await s.jobs.add({ name: JobName.AnalyzeImage, data: { imageId: image.id } }, { jobIdSuffix: flightLogId });
    placed++;
  }
  const index = await zoneIndex.current();
  const opts = { ceilingM: s.config.ALTITUDE_CEILING_M, maxGapS: s.config.LOG_GAP_S };
  const warnings = (await s.flightLogs.tracksOf(missionId)).flatMap((track) => checkFlight(track, index, opts));
  await s.missions.setFlightChecks(missionId, warnings);
  await announceMission(s, missionId);
  return { placed, warnings: warnings.length };
};
