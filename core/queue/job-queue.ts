/**
 * The one place jobs are enqueued. Wraps BullMQ queues with the retry policy: transient failures retry
 * with exponential backoff; processors throw UnrecoverableError for bad input.
 */
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { JOB_QUEUE, QueueName, jobIdOf, type JobItem } from '../jobs.ts';

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  // Completed jobs are removed so the same id can be enqueued again later (re-runs); failed ones are
  // kept a week for inspection.
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

export class JobQueue {
  readonly queues: Record<QueueName, Queue>;

  constructor(
    readonly connection: ConnectionOptions,
    readonly prefix: string,
  ) {
    this.queues = Object.fromEntries(
      Object.values(QueueName).map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })]),
    ) as Record<QueueName, Queue>;
  }

  /** Enqueues one job; a job with the same id already waiting or running is not added twice. */
  async add(item: JobItem, options: { jobIdSuffix?: string; delayMs?: number } = {}): Promise<void> {
    const jobId = options.jobIdSuffix ? `${jobIdOf(item)}_${options.jobIdSuffix}` : jobIdOf(item);
    await this.queues[JOB_QUEUE[item.name]].add(item.name, item.data, { jobId, delay: options.delayMs });
  }

  async addAll(items: JobItem[]): Promise<void> {
    for (const item of items) await this.add(item);
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
