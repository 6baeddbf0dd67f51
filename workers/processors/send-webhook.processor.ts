/** Deliver one case alert to one webhook; a non-2xx answer throws so BullMQ retries with backoff. */
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobName} from '../../core/jobs.ts';
import { type JobData } from '../../core/jobs.ts';
import { buildWebhookRequest } from '../../core/pipeline/alerts/webhook-request.ts';
import type { Services } from '../../core/services.ts';

/** Longest wait for a webhook's answer (headers); a chat bot answers in well under a second. */
const WEBHOOK_TIMEOUT_MS = 10_000;

export const sendWebhook = (s: Services) => async (job: Job<JobData<JobName.SendWebhook>>) => {
  const { caseId, webhookId, reason } = job.data;
  const [target, c] = await Promise.all([s.webhooks.get(webhookId), s.cases.get(caseId)]);
  if (!target) throw new UnrecoverableError(`webhook ${webhookId} was removed`);
  if (!c) throw new UnrecoverableError(`case ${caseId} not found`);
  const findings = await s.findings.forCase(caseId);
  const latest = findings.at(-1);
  const request = buildWebhookRequest(
    target,
    {
      caseId: c.id,
      reason,
      class: c.class,
      severity: c.severity,
      violation: c.violation,
      status: c.status,
      lat: c.lat,
      lon: c.lon,
      district: c.district,
      zones: latest?.zones.map((z) => z.name) ?? [],
      capturedAt: latest?.capturedAt ?? null,
      caseUrl: `${s.config.PUBLIC_URL}/#/cases/${c.id}`,
      photoUrl: latest ? `${s.config.PUBLIC_URL}/api/v1/images/${latest.imageId}/annotated` : null,
    },
    new Date(),
  );
  // Bounded, and on the notify queue (its own worker, 4 at a time): a slow or dead target delays only
  // its own alerts, which retry with back-off, never the pipeline or the API.
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
  // The body is not needed: drop it, so a target that trickles its answer does not hold the connection.
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) throw new Error(`webhook ${target.id} answered ${response.status}`);
  return { status: response.status };
};
