/**
 * The worker role: a detector pool (worker threads, so inference never blocks lock renewal) and one
 * BullMQ worker per queue with the processor table below — the one "what runs on which job" list.
 */
import { JobName, QueueName } from '../core/jobs.ts';
import type { Services } from '../core/services.ts';
import { DetectorPool } from '../models/inference/detector.pool.ts';
import { readManifest } from '../models/inference/model-registry.ts';
import { analyzeImage } from './processors/analyze.processor.ts';
import { applyFlightLog } from './processors/apply-flight-log.processor.ts';
import { detectImage, type Detector } from './processors/detect.processor.ts';
import { ingestImage } from './processors/ingest.processor.ts';
import { sendWebhook } from './processors/send-webhook.processor.ts';
import { startWorkers, type ProcessorTable } from './worker-host.ts';
import { ZoneIndexCache } from './zone-index.cache.ts';

/** Builds the processors for a set of services (tests use this with their own detector). */
export function processorTable(s: Services, detector: Detector): ProcessorTable {
  const zones = new ZoneIndexCache(s.geo);
  return {
    [JobName.IngestImage]: ingestImage(s),
    [JobName.DetectImage]: detectImage(s, detector),
    [JobName.AnalyzeImage]: analyzeImage(s, zones),
    [JobName.ApplyFlightLog]: applyFlightLog(s, zones),
    [JobName.SendWebhook]: sendWebhook(s),
  };
}

/** The production detector: the model's manifest is read from disk and run in the thread pool. */
export function poolDetector(pool: DetectorPool, s: Services): Detector {
  return {
    detect: (model, imagePath, hints = {}) =>
      pool.detect(readManifest(model.path), imagePath, {
        overlap: s.config.TILE_OVERLAP,
        ...(s.config.TILE_SIZE > 0 ? { tileSize: s.config.TILE_SIZE } : {}),
        ...hints,
      }),
  };
}

/** How often the worker sends what the outbox still owes (rows left by a crash between commit and send). */
const OUTBOX_DRAIN_MS = 5_000;

export async function startWorkerRole(s: Services): Promise<() => Promise<void>> {
  const pool = new DetectorPool({ concurrency: s.config.DETECT_CONCURRENCY, intraOpNumThreads: s.config.DETECT_THREADS });
  const host = startWorkers({
    redisUrl: s.redisUrl,
    prefix: s.config.QUEUE_PREFIX,
    processors: processorTable(s, poolDetector(pool, s)),
    concurrency: { [QueueName.Detect]: s.config.DETECT_CONCURRENCY, [QueueName.Ingest]: 2, [QueueName.Analyze]: 1, [QueueName.Notify]: 4 },
    log: s.log.child({ component: 'workers' }),
  });
  s.log.info(`workers running: ${Object.values(QueueName).join(', ')} (detector threads: ${s.config.DETECT_CONCURRENCY})`);
  // Alerts and events are sent right after each change; this picks up what a crash left in the outbox.
  const relayTimer = setInterval(() => void s.outbox.drain().catch((error: unknown) => s.log.warn({ err: error }, 'outbox drain failed')), OUTBOX_DRAIN_MS);
  return async () => {
    clearInterval(relayTimer);
    await host.close();
    await pool.close();
  };
}
