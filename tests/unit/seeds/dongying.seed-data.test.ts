import { area, booleanPointInPolygon, difference, featureCollection, pointOnFeature } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { HAZARD_CLASSES, SEVERITIES, ZONE_KINDS } from '../../../core/domain.ts';
import { buildZoneIndex } from '../../../core/pipeline/geofence/zone.index.ts';
import { loadSeedData } from '../../../seeds/dongying.seed-data.ts';

const seed = loadSeedData();
const byId = new Map(seed.zones.map((z) => [z.id, z]));

describe('Dongying seeds', () => {
  it('has the five districts, every zone valid (loadSeedData validates) and unique ids', () => {
    expect(seed.districts.map((d) => d.properties.name).sort()).toEqual(['东营区', '利津县', '垦利区', '广饶县', '河口区'].sort());
    expect(new Set(seed.zones.map((z) => z.id)).size).toBe(seed.zones.length);
    for (const kind of ZONE_KINDS) expect(seed.zones.some((z) => z.properties.kind === kind), kind).toBe(true);
  });

  it('puts each chemical park, parcel, corridor and key site inside its district (less than 1 % of its area outside)', () => {
    for (const z of seed.zones.filter((zz) => ['chemical-park', 'enterprise', 'key-site', 'no-build'].includes(zz.properties.kind))) {
      const district = byId.get(z.properties.districtId as string);
      expect(district, `${z.id} district`).toBeDefined();
      const outside = difference(featureCollection([z, district!]));
      expect(outside ? area(outside) / area(z) : 0, z.id).toBeLessThan(0.01);
    }
  });

  it('puts every enterprise parcel inside its park, with a department and a grid officer', () => {
    const depts = new Set(seed.departments.map((d) => d.id));
    for (const e of seed.enterprises) {
      expect(depts.has(e.supervisingDepartmentId), e.id).toBe(true);
      expect(e.gridOfficer.name).toMatch(/演示/);
      expect(e.name).toMatch(/（演示）$/);
      const parcel = byId.get(e.parcelZoneId)!;
      expect(parcel.properties).toMatchObject({ kind: 'enterprise', enterpriseId: e.id, departmentId: e.supervisingDepartmentId });
      const park = byId.get(e.parkId!)!;
      expect(booleanPointInPolygon(pointOnFeature(parcel), park), e.id).toBe(true);
    }
  });

  it('refers only to departments that exist; every district has a default department', () => {
    const depts = new Set(seed.departments.map((d) => d.id));
    for (const z of seed.zones) if (z.properties.departmentId) expect(depts.has(z.properties.departmentId), z.id).toBe(true);
    for (const d of seed.districts) expect(depts.has(d.properties.departmentId as string), d.id).toBe(true);
    for (const d of seed.departments) if (d.parentId) expect(depts.has(d.parentId)).toBe(true);
  });

  it('places the no-fly zone at Shengli airport (37.509 N, 118.788 E) and the port park near 38.05 N 118.95 E in Hekou', () => {
    const index = buildZoneIndex(seed.zones);
    expect(index.zonesAt(118.788, 37.509).map((z) => z.properties.kind)).toContain('no-fly');
    const port = index.zonesAt(118.95, 38.05).map((z) => z.id);
    expect(port).toEqual(expect.arrayContaining(['district-370503', 'park-dyport']));
  });

  it('has rules over known classes, kinds and severities, with patrol intervals on the parks', () => {
    for (const r of seed.rules) {
      expect(HAZARD_CLASSES).toContain(r.class);
      expect(['*', ...ZONE_KINDS]).toContain(r.zoneKind);
      expect(SEVERITIES).toContain(r.severity);
    }
    for (const z of seed.zones.filter((zz) => zz.properties.kind === 'chemical-park')) expect(z.properties.patrolIntervalDays).toBe(7);
    for (const d of seed.docks) expect(buildZoneIndex(seed.districts).zonesAt(d.lon, d.lat).map((z) => z.id)).toContain(d.districtId);
  });
});
