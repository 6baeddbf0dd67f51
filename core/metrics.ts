/**
 * Prometheus metrics (prom-client), one registry per process. The API serves its own at GET /metrics
 * (HTTP latency, uploads, queue depths read from Redis at scrape time); a worker process serves its own
 * on WORKER_METRICS_PORT (job durations and failures per queue, inference time). See docs/operations.md.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobQueue } from './queue/job-queue.ts';

export const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'dy_' });

export const httpDuration = new Histogram({
  name: 'dy_http_request_duration_seconds',
  help: 'HTTP request duration by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metrics],
});

export const uploads = new Counter({
  name: 'dy_uploads_total',
  help: 'Uploaded files by kind (photo, flight-log, ...) and outcome (stored, duplicate, refused)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [metrics],
});

export const uploadBytes = new Counter({ name: 'dy_upload_bytes_total', help: 'Bytes of uploaded files stored', labelNames: ['kind'] as const, registers: [metrics] });

export const jobDuration = new Histogram({
  name: 'dy_job_duration_seconds',
  help: 'Time a job ran in a worker, by queue, job name and outcome',
  labelNames: ['queue', 'name', 'outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64],
  registers: [metrics],
});

export const jobFailures = new Counter({
  name: 'dy_job_failures_total',
  help: 'Failed job attempts by queue and job name (retried ones included)',
  labelNames: ['queue', 'name'] as const,
  registers: [metrics],
});

export const inferenceDuration = new Histogram({
  name: 'dy_inference_seconds',
  help: 'Decode and inference time of one photo, by model',
  labelNames: ['model'] as const,
  buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
  registers: [metrics],
});

/** Queue depths, read from Redis when scraped (a scrape while Redis is away reports nothing for them). */
export function registerQueueDepths(jobs: JobQueue): void {
  if (metrics.getSingleMetric('dy_queue_jobs')) metrics.removeSingleMetric('dy_queue_jobs');
  new Gauge({
    name: 'dy_queue_jobs',
    help: 'Jobs per queue and state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'] as const,
    registers: [metrics],
    async collect() {
      this.reset();
      const counts = await jobs.counts().catch(() => null);
      for (const [queue, states] of Object.entries(counts ?? {})) for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
    },
  });
}
