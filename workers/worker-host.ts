/**
 * One BullMQ Worker per queue, each dispatching by job name to a thin processor. Every worker has an
 * error listener (an unlistened 'error' would crash the process) and closes gracefully.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { AppError } from '../core/errors.ts';
import { JOB_QUEUE, QueueName, type JobName } from '../core/jobs.ts';
import type { Logger } from '../core/logger.ts';
import { jobDuration, jobFailures } from '../core/metrics.ts';
import { redisConnection } from '../core/queue/redis-connection.ts';
import { isRedisConnectionError, redisOutage } from '../core/queue/redis-outage.ts';

/**
 * How fast a crashed worker's jobs come back. A job's lock lives `lockDuration` and is renewed every half
 * of it while the job runs; once a worker dies its lock lapses, and the next stalled check (every
 * `stalledInterval`, by any worker on the queue, also one just restarted) puts the job back to wait.
 * So a crash costs at most lockDuration + 2 x stalledInterval (about 20 s) instead of the 60-120 s of
 * BullMQ's defaults. Shorter would risk a live job being taken for stalled when the event loop pauses:
 * inference runs in worker threads and the rest of a job is short awaits, so 10 s of silence means the
 * process is gone. A job stalled twice (maxStalledCount 1: the second crash on the same job) is failed by
 * BullMQ; `onFailed` marks its photo failed with the reason and the recovery sweeper retries it, bounded.
 */
export const STALL_SETTINGS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 1 } as const;

export type Processor = (job: Job) => Promise<unknown>;
export type ProcessorTable = Readonly<Record<JobName, Processor>>;

export interface WorkerHost {
  workers: Worker[];
  close(): Promise<void>;
}

export function startWorkers(options: {
  redisUrl: string;
  prefix: string;
  processors: ProcessorTable;
  concurrency: Partial<Record<QueueName, number>>;
  log: Logger;
  /** Told of every failed job, also of those BullMQ failed without running them (stalled too often). */
  onFailed?: (job: Job, error: Error) => Promise<unknown>;
}): WorkerHost {
  const workers = Object.values(QueueName).map((queue) => {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const processor = options.processors[job.name as JobName];
        if (!processor || JOB_QUEUE[job.name as JobName] !== queue) throw new UnrecoverableError(`no processor for job ${job.name} on queue ${queue}`);
        try {
          return await processor(job);
        } catch (error) {
          // Bad input never gets better by retrying.
          if (error instanceof AppError && error.status < 500) throw new UnrecoverableError(`${error.code}: ${error.message}`);
          throw error;
        }
      },
      {
        connection: redisConnection(options.redisUrl),
        prefix: options.prefix,
        concurrency: options.concurrency[queue] ?? 2,
        ...STALL_SETTINGS,
      },
    );
    const log = options.log.child({ queue });
    worker.on('error', (error) => (isRedisConnectionError(error) ? redisOutage.connectionLost(error) : log.error({ err: error }, 'worker error')));
    worker.on('failed', (job, error) => {
      log.warn({ jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: error.message }, 'job failed');
      jobFailures.inc({ queue, name: job?.name ?? 'unknown' });
      if (job?.processedOn && job.finishedOn) jobDuration.observe({ queue, name: job.name, outcome: 'failed' }, (job.finishedOn - job.processedOn) / 1000);
      if (job && options.onFailed) options.onFailed(job, error).catch((e: unknown) => log.error({ err: e, jobId: job.id }, 'recording a failed job failed'));
    });
    worker.on('completed', (job, result) => {
      log.debug({ jobId: job.id, name: job.name, result }, 'job done');
      if (job.processedOn && job.finishedOn) jobDuration.observe({ queue, name: job.name, outcome: 'completed' }, (job.finishedOn - job.processedOn) / 1000);
    });
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
