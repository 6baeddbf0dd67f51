/**
 * Records why an image could not be processed, so the mission page can show it: at once for bad input,
 * after the last retry for transient faults. The error is rethrown for BullMQ's own bookkeeping.
 */
import type { Job } from 'bullmq';
import { AppError } from '../../core/errors.ts';
import type { Services } from '../../core/services.ts';

export async function withImageFailure<T>(s: Services, job: Job, imageId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const permanent = error instanceof AppError && error.status < 500;
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (permanent || lastAttempt) {
      const reason = error instanceof AppError ? `${error.code}: ${error.message}` : (error as Error).message;
      await s.images.setStatus(imageId, 'failed', reason);
      const image = await s.images.get(imageId);
      if (image) {
        const mission = await s.missions.refreshStatus(image.missionId);
        if (mission) await s.events.publish('mission.updated', { id: mission.id, status: mission.status, counts: await s.missions.counts(mission.id) });
      }
    }
    throw error;
  }
}
