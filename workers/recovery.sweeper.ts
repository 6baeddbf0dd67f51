/**
 * Nothing stays stuck: a photo left `processing` (or `queued`) with no job to carry it on, or failed
 * because workers crashed on it, is queued again from ingest. Every stage is idempotent and jobs carry
 * only ids, so starting over is safe. Bounded: after `maxAttempts` recoveries the photo is failed with a
 * reason for an operator to look at (a photo that kills the worker every time must not loop for ever).
 *
 * A photo is believed orphaned only when two sweeps in a row see it in the same state with no live job:
 * reading several BullMQ lists is not atomic, and a job caught moving between them must not be doubled.
 */
import { JobName } from '../core/jobs.ts';
import type { Services } from '../core/services.ts';
import { WORKER_CRASH_REASON } from './processors/image-failure.ts';

export interface RecoverySweeper {
  /** One sweep now; returns the ids queued again. */
  sweep(): Promise<string[]>;
  stop(): void;
}

/**
 * An image `queued` this many sweep intervals ago with no job was dropped between storing and
 * enqueueing (an API crash, or Redis away at upload time). Normally that gap is a few milliseconds.
 */
const QUEUED_GRACE_SWEEPS = 12;

export function startRecoverySweeper(s: Services, options: { intervalMs: number; maxAttempts: number }): RecoverySweeper {
  const log = s.log.child({ component: 'recovery' });
  /** id -> "status/attempts" seen orphaned in the previous sweep. */
  let suspects = new Map<string, string>();
  let running: Promise<string[]> | null = null;

  const sweepOnce = async (): Promise<string[]> => {
    const candidates = await s.images.recoveryCandidates(new Date(Date.now() - QUEUED_GRACE_SWEEPS * options.intervalMs).toISOString(), WORKER_CRASH_REASON);
    if (candidates.length === 0) {
      suspects = new Map();
      return [];
    }
    const live = await s.jobs.liveImageIds();
    const next = new Map<string, string>();
    const requeued: string[] = [];
    for (const image of candidates) {
      if (live.has(image.id)) continue;
      const key = `${image.status}/${image.recoveryAttempts}`;
      if (suspects.get(image.id) !== key) {
        next.set(image.id, key);
        continue;
      }
      if (image.recoveryAttempts >= options.maxAttempts) {
        if (image.status !== 'failed') {
          await s.images.failUnlessDone(image.id, `${WORKER_CRASH_REASON}: gave up after ${image.recoveryAttempts} recoveries`);
        }
        continue;
      }
      const attempt = await s.images.claimForRecovery(image.id, image.status, image.recoveryAttempts);
      if (attempt === null) continue;
      // Old failed jobs of this photo would block the same ids when the pipeline enqueues them again.
      const model = await s.models.active();
      await s.jobs.clearFailed([
        { name: JobName.IngestImage, data: { imageId: image.id } },
        { name: JobName.AnalyzeImage, data: { imageId: image.id } },
        ...(model ? [{ name: JobName.DetectImage as const, data: { imageId: image.id, modelId: model.id } }] : []),
      ]);
      await s.jobs.add({ name: JobName.IngestImage, data: { imageId: image.id } }, { jobIdSuffix: `r${attempt}` });
      requeued.push(image.id);
    }
    suspects = next;
    if (requeued.length > 0) log.warn({ images: requeued }, `recovered ${requeued.length} photo(s) left stuck by a crash`);
    return requeued;
  };

  const sweep = (): Promise<string[]> => {
    // One sweep at a time; a timer firing during a slow sweep joins it.
    running ??= sweepOnce().finally(() => {
      running = null;
    });
    return running;
  };

  const timer = setInterval(() => {
    sweep().catch((error: unknown) => log.warn({ err: (error as Error).message }, 'recovery sweep failed; next one retries'));
  }, options.intervalMs);
  timer.unref();
  void sweep().catch((error: unknown) => log.warn({ err: (error as Error).message }, 'recovery sweep failed; next one retries'));
  return { sweep, stop: () => clearInterval(timer) };
}
