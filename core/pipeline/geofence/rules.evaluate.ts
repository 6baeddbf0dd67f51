/**
 * Which rule a detection triggers where it lies: of the rules for its class whose zone kind is one of the
 * zones at the point (or '*', anywhere), the most severe; on equal severity a rule for a specific zone kind
 * beats an anywhere rule, then the earlier rule in the list wins.
 */
import { SEVERITIES, type ZoneKind } from '../../domain.ts';
import type { Rule } from './zone.types.ts';

const rank = (r: Rule): number => SEVERITIES.indexOf(r.severity);

/** The winning rule, or null when no rule applies (a '*' rule applies outside every zone too). */
export function evaluateRules(hazardClass: string, zonesAtPoint: readonly { properties: { kind: ZoneKind } }[], rules: readonly Rule[]): Rule | null {
  const kinds = new Set<ZoneKind>(zonesAtPoint.map((z) => z.properties.kind));
  let best: Rule | null = null;
  for (const r of rules) {
    if (r.class !== hazardClass) continue;
    if (r.zoneKind !== '*' && !kinds.has(r.zoneKind)) continue;
    if (!best) {
      best = r;
      continue;
    }
    const d = rank(r) - rank(best);
    if (d > 0 || (d === 0 && best.zoneKind === '*' && r.zoneKind !== '*')) best = r;
  }
  return best;
}
