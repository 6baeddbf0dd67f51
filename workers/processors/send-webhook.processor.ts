/** Deliver one case alert to one webhook; a non-2xx answer throws so BullMQ retries with backoff. */
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobName} from '../../core/jobs.ts';
import { type JobData } from '../../core/jobs.ts';
import { buildWebhookRequest } from '../../core/pipeline/alerts/webhook-request.ts';
import { signedPhotoPath, signPath } from '../../core/pipeline/alerts/signed-link.ts';
import { linkSecret } from '../../core/security/link-secret.ts';
import type { Services } from '../../core/services.ts';

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
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`webhook ${target.id} answered ${response.status}`);
  return { status: response.status };
};
