/**
 * A rule can raise a finding's severity above a temperature (a fire at 400 °C is not the same case as a warm
 * roof): where the box's hottest temperature is known and exceeds the rule's `escalateAboveC`, the finding
 * is filed at `escalateSeverity`, never lower than the rule's own. Pure.
 */
import { SEVERITIES, type Severity } from '../../domain.ts';
import type { Rule } from '../geofence/zone.types.ts';

export function severityWithTemperature(rule: Pick<Rule, 'severity' | 'escalateAboveC' | 'escalateSeverity'>, maxTempC: number | null | undefined): Severity {
  const { escalateAboveC: above, escalateSeverity: to } = rule;
  if (above == null || !to || maxTempC == null || !(maxTempC > above)) return rule.severity;
  return SEVERITIES.indexOf(to) > SEVERITIES.indexOf(rule.severity) ? to : rule.severity;
}
