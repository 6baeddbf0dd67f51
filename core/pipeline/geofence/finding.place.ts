/**
 * Places a ground detection among the zones: which zones, district, enterprise and department it falls to,
 * and which rule it triggers. One supervising body for every site: the enterprise's supervising department,
 * else the department of the most specific zone that names one, else the district's default department.
 */
import type { GroundDetection, ZoneKind } from '../../domain.ts';
import { evaluateRules } from './rules.evaluate.ts';
import type { ZoneIndex } from './zone.index.ts';
import type { Rule, Zone, ZoneRef } from './zone.types.ts';

/** Which zone kinds speak for a place first when naming its department (district last). */
const SPECIFICITY: readonly ZoneKind[] = ['enterprise', 'key-site', 'pipeline-corridor', 'chemical-park', 'no-build', 'no-fly', 'district'];

export interface PlaceFindingOptions {
  /** Outside every parcel, attribute to the nearest enterprise parcel within this distance. Default 200 m. */
  enterpriseMaxDistanceM?: number;
}

export interface FindingPlacement {
  zones: ZoneRef[];
  district: ZoneRef | null;
  enterpriseId: string | null;
  /** Metres from the enterprise parcel (0 inside it); null without an enterprise. */
  enterpriseDistanceM: number | null;
  departmentId: string | null;
  rule: Rule | null;
  /** The zone whose kind the rule names (null for an anywhere rule or no rule). */
  ruleZone: ZoneRef | null;
}

const ref = (z: Zone): ZoneRef => ({ id: z.id, kind: z.properties.kind, name: z.properties.name });

/** Places one detection; a detection without a ground position gets only the anywhere rules. */
export function placeFinding(det: GroundDetection, index: ZoneIndex, rules: readonly Rule[], opts: PlaceFindingOptions = {}): FindingPlacement {
  if (det.lat === null || det.lon === null) {
    return { zones: [], district: null, enterpriseId: null, enterpriseDistanceM: null, departmentId: null, rule: evaluateRules(det.class, [], rules), ruleZone: null };
  }
  const here = index.zonesAt(det.lon, det.lat);
  const district = here.find((z) => z.properties.kind === 'district') ?? null;
  let enterprise: Zone | null = here.find((z) => z.properties.kind === 'enterprise') ?? null;
  let enterpriseDistanceM: number | null = enterprise ? 0 : null;
  if (!enterprise) {
    const near = index.nearest(det.lon, det.lat, 'enterprise', opts.enterpriseMaxDistanceM ?? 200);
    if (near) {
      enterprise = near.zone;
      enterpriseDistanceM = near.distanceM;
    }
  }
  let departmentId: string | null = enterprise?.properties.departmentId ?? null;
  if (!departmentId) {
    for (const kind of SPECIFICITY) {
      const z = here.find((zz) => zz.properties.kind === kind && zz.properties.departmentId);
      if (z) {
        departmentId = z.properties.departmentId ?? null;
        break;
      }
    }
  }
  const rule = evaluateRules(det.class, here, rules);
  const ruleZone = rule && rule.zoneKind !== '*' ? here.find((z) => z.properties.kind === rule.zoneKind) ?? null : null;
  return {
    zones: here.map(ref),
    district: district ? ref(district) : null,
    enterpriseId: enterprise?.properties.enterpriseId ?? enterprise?.id ?? null,
    enterpriseDistanceM,
    departmentId,
    rule,
    ruleZone: ruleZone ? ref(ruleZone) : null,
  };
}
