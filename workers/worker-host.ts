/**
 * One BullMQ Worker per queue, each dispatching by job name to a thin processor. Every worker has an
 * error listener (an unlistened 'error' would crash the process) and closes gracefully.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { AppError } from '../core/errors.ts';
import { JOB_QUEUE, QueueName, type JobName } from '../core/jobs.ts';
import type { Logger } from '../core/logger.ts';
import { redisConnection } from '../core/queue/redis-connection.ts';

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
        // Inference is off the event loop (worker threads), so the default lock renewal keeps up.
        lockDuration: 60_000,
      },
    );
    const log = options.log.child({ queue });
    worker.on('error', (error) => log.error({ err: error }, 'worker error'));
    worker.on('failed', (job, error) => log.warn({ jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: error.message }, 'job failed'));
    worker.on('completed', (job, result) => log.debug({ jobId: job.id, name: job.name, result }, 'job done'));
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
