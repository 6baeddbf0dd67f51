/**
 * The one place jobs are enqueued. Wraps BullMQ queues with the retry policy: transient failures retry
 * with exponential backoff; processors throw UnrecoverableError for bad input.
 */
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { AppError } from '../errors.ts';
import { JOB_QUEUE, QueueName, jobIdOf, type JobItem } from '../jobs.ts';
import { isRedisConnectionError, redisOutage } from './redis-outage.ts';

/** The queue's Redis is unreachable: a request can be retried in a few seconds (503, Retry-After). */
export class QueueUnavailableError extends AppError {
  constructor() {
    super(503, 'queue_unavailable', 'the job queue (Redis) is not reachable right now; retry in a few seconds');
  }
}

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  // Completed jobs are removed so the same id can be enqueued again later (re-runs); failed ones are
  // kept a week for inspection.
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** For a caller whose work is safe without the job for now (the recovery sweeper enqueues it later). */
export function ignoreQueueUnavailable(error: unknown): void {
  if (!(error instanceof QueueUnavailableError)) throw error;
}

export class JobQueue {
  readonly queues: Record<QueueName, Queue>;

  constructor(
    readonly connection: ConnectionOptions,
    readonly prefix: string,
  ) {
    this.queues = Object.fromEntries(
      Object.values(QueueName).map((name) => {
        const queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
        queue.on('error', (error) => redisOutage.connectionLost(error));
        return [name, queue];
      }),
    ) as Record<QueueName, Queue>;
  }

  /**
   * Enqueues one job; a job with the same id already waiting or running is not added twice. Throws
   * QueueUnavailableError where Redis cannot be reached.
   */
  async add(item: JobItem, options: { jobIdSuffix?: string; delayMs?: number } = {}): Promise<void> {
    const jobId = options.jobIdSuffix ? `${jobIdOf(item)}_${options.jobIdSuffix}` : jobIdOf(item);
    try {
      await this.queues[JOB_QUEUE[item.name]].add(item.name, item.data, { jobId, delay: options.delayMs });
    } catch (error) {
      if (isRedisConnectionError(error)) throw new QueueUnavailableError();
      throw error;
    }
  }

  async addAll(items: JobItem[]): Promise<void> {
    for (const item of items) await this.add(item);
  }

  /**
   * Ids of the images that have a job still to run or running (any stage), for the recovery sweeper.
   * States are read from the furthest along back to the start of a job's life, and the queues in pipeline
   * order, so a job moving on while we read is seen at least once in the usual direction; the sweeper
   * still waits for two sweeps before it believes a photo orphaned.
   */
  async liveImageIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const queue of [QueueName.Ingest, QueueName.Detect, QueueName.Analyze]) {
      const jobs = await this.queues[queue].getJobs(['active', 'waiting', 'prioritized', 'paused', 'waiting-children', 'delayed']);
      for (const job of jobs) {
        const imageId = (job?.data as { imageId?: unknown } | undefined)?.imageId;
        if (typeof imageId === 'string') ids.add(imageId);
      }
    }
    return ids;
  }

  /** Removes these jobs where they sit in the failed set, so the same ids can be enqueued again. */
  async clearFailed(items: JobItem[]): Promise<void> {
    for (const item of items) {
      const job = await this.queues[JOB_QUEUE[item.name]].getJob(jobIdOf(item));
      if (job && (await job.isFailed())) await job.remove();
    }
  }

  /** Waiting + active + delayed counts per queue, for health and progress pages. */
  async counts(): Promise<Record<QueueName, Record<string, number>>> {
    const entries = await Promise.all(
      Object.entries(this.queues).map(async ([name, queue]) => [name, await queue.getJobCounts('waiting', 'active', 'delayed', 'failed')] as const),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<string, number>>;
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.close()));
  }
}
