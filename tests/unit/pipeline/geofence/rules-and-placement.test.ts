import { describe, expect, it } from 'vitest';
import type { ZoneKind } from '../../../../core/domain.ts';
import { placeFinding } from '../../../../core/pipeline/geofence/finding.place.ts';
import { evaluateRules } from '../../../../core/pipeline/geofence/rules.evaluate.ts';
import { buildZoneIndex } from '../../../../core/pipeline/geofence/zone.index.ts';
import type { Rule } from '../../../../core/pipeline/geofence/zone.types.ts';
import { validateZones } from '../../../../core/pipeline/geofence/zones.validate.ts';
import defaultRules from '../../../../seeds/data/rules.json' with { type: 'json' };

const rules = defaultRules as Rule[];
const at = (...kinds: ZoneKind[]): { properties: { kind: ZoneKind } }[] => kinds.map((kind) => ({ properties: { kind } }));

describe('evaluateRules with the default rules (DOMAIN.md)', () => {
  it('flags fire anywhere, even outside every zone, as critical', () => {
    expect(evaluateRules('fire', [], rules)).toMatchObject({ severity: 'critical', alertImmediately: true });
    expect(evaluateRules('fire', at('district'), rules)!.id).toBe('rule-fire-anywhere');
  });

  it('raises an oil spill in a pipeline corridor to critical, elsewhere high', () => {
    expect(evaluateRules('oil_spill', at('district'), rules)!.severity).toBe('high');
    expect(evaluateRules('oil_spill', at('district', 'pipeline-corridor'), rules)!.severity).toBe('critical');
  });

  it('flags an excavator only in a pipeline corridor, smoke only in parks or enterprises', () => {
    expect(evaluateRules('excavator', at('district', 'chemical-park'), rules)).toBeNull();
    expect(evaluateRules('excavator', at('pipeline-corridor'), rules)!.id).toBe('rule-excavator-pipeline');
    expect(evaluateRules('smoke', at('district'), rules)).toBeNull();
    expect(evaluateRules('smoke', at('enterprise'), rules)!.severity).toBe('high');
    expect(evaluateRules('steel_shed', at('no-build'), rules)!.severity).toBe('medium');
    expect(evaluateRules('tanker_truck', at('key-site'), rules)!.severity).toBe('medium');
    expect(evaluateRules('unknown_class', at('key-site'), rules)).toBeNull();
  });

  it('lets a specific kind beat an anywhere rule on equal severity, whatever the order', () => {
    const anywhere: Rule = { id: 'any', class: 'x', zoneKind: '*', violation: 'v', severity: 'high', rectificationDays: 1, alertImmediately: false };
    const inPark: Rule = { ...anywhere, id: 'park', zoneKind: 'chemical-park' };
    expect(evaluateRules('x', at('chemical-park'), [anywhere, inPark])!.id).toBe('park');
    expect(evaluateRules('x', at('chemical-park'), [inPark, anywhere])!.id).toBe('park');
    expect(evaluateRules('x', at('district'), [inPark, anywhere])!.id).toBe('any');
    // but a more severe anywhere rule wins over a milder specific one
    expect(evaluateRules('x', at('chemical-park'), [{ ...inPark, severity: 'low' }, anywhere])!.id).toBe('any');
  });
});

describe('placeFinding', () => {
  const sq = (x: number, y: number, s: number): number[][][] => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
  const zone = (id: string, kind: ZoneKind, coords: number[][][], extra: Record<string, unknown> = {}): unknown => ({
    type: 'Feature', id, properties: { kind, name: id, ...extra }, geometry: { type: 'Polygon', coordinates: coords },
  });
  const index = buildZoneIndex(
    validateZones({
      type: 'FeatureCollection',
      features: [
        zone('dist', 'district', sq(118, 37, 1), { departmentId: 'dept-district' }),
        zone('park', 'chemical-park', sq(118.4, 37.4, 0.1), { departmentId: 'dept-park' }),
        zone('parcel', 'enterprise', sq(118.45, 37.45, 0.002), { enterpriseId: 'ent-1', departmentId: 'dept-ent' }),
        zone('corr', 'pipeline-corridor', sq(118.7, 37.7, 0.01)),
      ],
    }),
  );
  const det = (cls: string, lon: number | null, lat: number | null) => ({ class: cls, score: 0.9, bbox: [0, 0, 1, 1] as [number, number, number, number], lon, lat, uncertaintyM: 5 });

  it('inside a parcel: the enterprise and its supervising department', () => {
    const p = placeFinding(det('smoke', 118.451, 37.451), index, rules);
    expect(p.zones.map((z) => z.id)).toEqual(['dist', 'park', 'parcel']);
    expect(p.district).toEqual({ id: 'dist', kind: 'district', name: 'dist' });
    expect(p.enterpriseId).toBe('ent-1');
    expect(p.enterpriseDistanceM).toBe(0);
    expect(p.departmentId).toBe('dept-ent');
    expect(p.rule!.severity).toBe('high');
  });

  it('near a parcel (about 90 m): the nearest enterprise within 200 m, not beyond a tighter limit', () => {
    // 0.001 deg east of the parcel's east edge (118.452) is ~88 m at 37.45 N
    const p = placeFinding(det('steel_shed', 118.453, 37.451), index, rules);
    expect(p.enterpriseId).toBe('ent-1');
    expect(p.enterpriseDistanceM).toBeGreaterThan(80);
    expect(p.enterpriseDistanceM).toBeLessThan(95);
    expect(p.departmentId).toBe('dept-ent');
    expect(p.rule!.id).toBe('rule-steel-shed-chemical-park');
    expect(p.ruleZone!.id).toBe('park');
    const tight = placeFinding(det('steel_shed', 118.453, 37.451), index, rules, { enterpriseMaxDistanceM: 50 });
    expect(tight.enterpriseId).toBeNull();
    expect(tight.departmentId).toBe('dept-park');
  });

  it("falls back to the district's department, and keeps anywhere rules without a position", () => {
    const p = placeFinding(det('oil_spill', 118.705, 37.705), index, rules);
    expect(p.departmentId).toBe('dept-district');
    expect(p.rule!.severity).toBe('critical');
    const lost = placeFinding(det('fire', null, null), index, rules);
    expect(lost.zones).toEqual([]);
    expect(lost.rule!.id).toBe('rule-fire-anywhere');
    const outside = placeFinding(det('fire', 100, 10), index, rules);
    expect(outside.district).toBeNull();
    expect(outside.rule!.id).toBe('rule-fire-anywhere');
  });
});
