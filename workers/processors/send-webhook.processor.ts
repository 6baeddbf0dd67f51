/** Deliver one case alert to one webhook; a non-2xx answer throws so BullMQ retries with backoff. */
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobName} from '../../core/jobs.ts';
import { type JobData } from '../../core/jobs.ts';
import { buildWebhookRequest } from '../../core/pipeline/alerts/webhook-request.ts';
import { postWebhook, WebhookTargetError } from '../../core/net/webhook-client.ts';
import { signedPhotoPath, signPath } from '../../core/pipeline/alerts/signed-link.ts';
import { linkSecret } from '../../core/security/link-secret.ts';
import type { Services } from '../../core/services.ts';

/** Longest wait for a webhook's answer (headers); a chat bot answers in well under a second. */
const WEBHOOK_TIMEOUT_MS = 10_000;

export const sendWebhook = (s: Services) => async (job: Job<JobData<JobName.SendWebhook>>) => {
  const { caseId, webhookId, reason, alertId } = job.data;
  const [target, c] = await Promise.all([s.webhooks.get(webhookId), s.cases.get(caseId)]);
  if (!target) throw new UnrecoverableError(`webhook ${webhookId} was removed`);
  if (!c) throw new UnrecoverableError(`case ${caseId} not found`);
  const findings = await s.findings.forCase(caseId);
  const latest = findings.at(-1);
  const request = buildWebhookRequest(
    target,
    {
      caseId: c.id,
      caseNo: c.caseNo,
      ...(alertId ? { alertId } : {}),
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
      caseUrl: `${s.config.PUBLIC_URL}/#/case/${c.id}`,
      // The recipient has no login here: the photo link carries its own (signed, expiring) authorisation.
      photoUrl: latest ? `${s.config.PUBLIC_URL}${signPath(signedPhotoPath(latest.imageId), linkSecret(s.config), s.config.ALERT_LINK_TTL_H * 3600, new Date())}` : null,
    },
    new Date(),
  );
  let response;
  try {
    response = await postWebhook(request.url, request.headers, request.body, { allowPrivate: s.config.WEBHOOK_ALLOW_PRIVATE, timeoutMs: WEBHOOK_TIMEOUT_MS });
  } catch (error) {
    // A refused target stays refused: no retries against the internal network.
    if (error instanceof WebhookTargetError) throw new UnrecoverableError(`webhook ${target.id}: ${error.message}`);
    throw error;
  }
  if (response.status >= 300 && response.status < 400) throw new UnrecoverableError(`webhook ${target.id} answered a redirect (${response.status}); redirects are not followed`);
  if (response.status < 200 || response.status >= 300) throw new Error(`webhook ${target.id} answered ${response.status}`);
  return { status: response.status };
};
