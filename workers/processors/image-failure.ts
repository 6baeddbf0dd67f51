/**
 * Records why an image could not be processed, so the mission page can show it: at once for bad input,
 * after the last retry for transient faults. The error is rethrown for BullMQ's own bookkeeping.
 */
import type { Job } from 'bullmq';
import { AppError } from '../../core/errors.ts';
import type { Services } from '../../core/services.ts';

/** The reason's prefix on photos failed because workers crashed on them; the recovery sweeper retries those. */
export const WORKER_CRASH_REASON = 'worker-crash';

/** BullMQ's reason for a job whose worker died under it more often than maxStalledCount allows. */
const STALLED_REASON = 'job stalled more than allowable limit';

/**
 * A job BullMQ failed without running it (its workers kept dying under it): the processor never saw the
 * failure, so record it here, and drop the failed job so a recovery can enqueue the same id again.
 */
export async function recordStalledFailure(s: Services, job: Job, error: Error): Promise<boolean> {
  const imageId = (job.data as { imageId?: unknown }).imageId;
  if (error.message !== STALLED_REASON || typeof imageId !== 'string') return false;
  const marked = await s.images.failUnlessDone(imageId, `${WORKER_CRASH_REASON}: workers stopped (crashed or were killed) while running ${job.name} on it; it is retried automatically`);
  await job.remove().catch(() => undefined);
  if (marked) {
    const image = await s.images.get(imageId);
    const mission = image ? await s.missions.refreshStatus(image.missionId) : null;
    if (mission) await s.events.publish('mission.updated', { id: mission.id, status: mission.status, counts: await s.missions.counts(mission.id) });
  }
  return true;
}

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
