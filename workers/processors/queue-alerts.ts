/**
 * One alert per case, not per photo (the pure `shouldAlert` decides); delivery runs on the notify queue,
 * so a slow webhook never holds up the pipeline.
 */
import type { CaseStore, FindingOutcome } from '../../core/cases/case-store.ts';
import { JobName } from '../../core/jobs.ts';
import { shouldAlert } from '../../core/pipeline/alerts/should-alert.ts';
import type { Services } from '../../core/services.ts';

const CHANGE = { new: 'opened', join: 'joined', reopen: 'reopened' } as const;

export async function queueAlerts(s: Services, store: CaseStore, outcome: FindingOutcome, rule: { alertImmediately: boolean }): Promise<number> {
  const c = outcome.case;
  const reason = shouldAlert({ ...c, alertAtOnce: rule.alertImmediately }, { kind: CHANGE[outcome.kind] }, { minSeverity: s.config.ALERT_MIN_SEVERITY });
  if (!reason) return 0;
  const targets = await s.webhooks.targetsFor(c.departmentId, c.severity);
  for (const target of targets) {
    // The suffix keeps a reopening's alert apart from the opening's (job ids dedupe otherwise).
    await s.jobs.add({ name: JobName.SendWebhook, data: { caseId: c.id, webhookId: target.id, reason } }, { jobIdSuffix: String(c.reopenCount) });
  }
  await store.markAlerted(c.id, new Date().toISOString());
  return targets.length;
}
