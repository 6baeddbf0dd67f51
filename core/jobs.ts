/**
 * Every background job in one typed table. Payloads carry ids only; processors load the rest.
 * Job ids are derived from the payload (never containing ':') so an enqueue repeated while the first is
 * pending is a no-op.
 */
export enum QueueName {
  Ingest = 'ingest',
  Detect = 'detect',
  Analyze = 'analyze',
  Notify = 'notify',
}

export enum JobName {
  /** Read the photo's metadata and pose; then detect. */
  IngestImage = 'ingest-image',
  /** Run a model on a photo; then analyze. */
  DetectImage = 'detect-image',
  /** Place detections on the ground, check zones and rules, make findings and cases. */
  AnalyzeImage = 'analyze-image',
  /** A flight log arrived: fill in photo positions and run the flight checks. */
  ApplyFlightLog = 'apply-flight-log',
  /** Deliver one alert to one webhook. */
  SendWebhook = 'send-webhook',
}

export type JobItem =
  | { name: JobName.IngestImage; data: { imageId: string } }
  | { name: JobName.DetectImage; data: { imageId: string; modelId: string } }
  | { name: JobName.AnalyzeImage; data: { imageId: string } }
  | { name: JobName.ApplyFlightLog; data: { missionId: string; flightLogId: string } }
  | { name: JobName.SendWebhook; data: { caseId: string; webhookId: string; reason: string; /** the outbox row that owes it (receivers dedupe by it) */ alertId?: string } };

export type JobData<N extends JobName> = Extract<JobItem, { name: N }>['data'];

/** Which queue each job runs on. Inference has its own queue so it can be scaled and throttled alone. */
export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.IngestImage]: QueueName.Ingest,
  [JobName.ApplyFlightLog]: QueueName.Ingest,
  [JobName.DetectImage]: QueueName.Detect,
  [JobName.AnalyzeImage]: QueueName.Analyze,
  [JobName.SendWebhook]: QueueName.Notify,
};

/** A stable id for deduplication: the job name and its payload values, in key order. */
export function jobIdOf(item: JobItem): string {
  const data = item.data as Record<string, string>;
  const parts = Object.keys(data)
    .sort()
    .map((key) => String(data[key]));
  return [item.name, ...parts].join('_').replace(/:/g, '-');
}
