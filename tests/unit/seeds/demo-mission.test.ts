// The demo mission must show what it claims: each hazard, projected from its photo's pose through the real
// camera model and placed among the real seed zones, triggers the intended rule in the intended zone kind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImageMeta } from '../../../core/domain.ts';
import { cameraFromMeta } from '../../../core/pipeline/camera/camera.model.ts';
import { placeDetection } from '../../../core/pipeline/camera/detection.placement.ts';
import { distanceM } from '../../../core/pipeline/camera/local-frame.geo.ts';
import { placeFinding } from '../../../core/pipeline/geofence/finding.place.ts';
import { buildZoneIndex } from '../../../core/pipeline/geofence/zone.index.ts';
import { buildMissionSpec, type MissionSpec, type SpecPhoto } from '../../../seeds/demo/build-mission-spec.ts';
import { loadSeedData } from '../../../seeds/dongying.seed-data.ts';

const spec = JSON.parse(readFileSync(new URL('../../../seeds/demo/mission-spec.json', import.meta.url), 'utf8')) as MissionSpec;
const seed = loadSeedData();
const index = buildZoneIndex(seed.zones);

const metaOf = (p: SpecPhoto): ImageMeta => ({
  capturedAt: p.pose.capturedAt, lat: p.pose.lat, lon: p.pose.lon, absAlt: p.pose.absAlt, relAlt: p.pose.relAlt,
  gimbalPitch: p.pose.gimbalPitch, gimbalYaw: p.pose.gimbalYaw, gimbalRoll: p.pose.gimbalRoll, flightYaw: p.pose.flightYaw,
  flightPitch: 0, flightRoll: 0, make: 'DJI', model: spec.mission.droneModel, width: p.width, height: p.height,
  focalLength: spec.mission.focalLength, focal35: spec.mission.focal35, lrfTarget: null, timeIsUtc: true, positionSource: 'xmp',
});

describe('demo mission spec', () => {
  it('is what the builder makes (committed file up to date), about twenty photos, a few oblique', () => {
    expect(JSON.parse(JSON.stringify(buildMissionSpec()))).toEqual(spec);
    expect(spec.photos.length).toBeGreaterThanOrEqual(18);
    const oblique = spec.photos.filter((p) => p.pose.gimbalPitch > -80);
    expect(oblique.length).toBeGreaterThanOrEqual(3);
    for (const p of oblique) expect(p.pose.gimbalPitch).toBeGreaterThanOrEqual(-60);
    for (const p of spec.photos) expect(p.pose.relAlt).toBeGreaterThanOrEqual(80);
  });

  const hazards = spec.photos.flatMap((p) => p.hazards.map((h) => ({ p, h })));
  it('covers fire in a chemical park, an excavator in a corridor, an oil spill and a steel shed in a no-build zone', () => {
    expect(hazards.map(({ h }) => h.class)).toEqual(expect.arrayContaining(['fire', 'excavator', 'oil_spill', 'steel_shed']));
  });

  it.each(hazards.map(({ p, h }) => [`${p.file} ${h.class}`, p, h] as const))('%s projects into its intended zone and rule', (_name, p, h) => {
    const { camera } = cameraFromMeta(metaOf(p));
    expect(camera).not.toBeNull();
    const [x, y, w, hh] = h.bbox;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(x + w).toBeLessThanOrEqual(p.width);
    expect(y + hh).toBeLessThanOrEqual(p.height);
    const g = placeDetection(camera!, { class: h.class, score: 0.9, bbox: h.bbox });
    // within a metre of where it was meant to be (the box is rounded to whole pixels, 6-10 cm each)
    expect(distanceM(g.lon!, g.lat!, h.intended.lon, h.intended.lat)).toBeLessThan(1);
    const placed = placeFinding(g, index, seed.rules);
    expect(placed.rule?.id).toBe(h.intended.ruleId);
    if (h.intended.zoneKind !== '*') expect(placed.ruleZone?.kind).toBe(h.intended.zoneKind);
    expect(placed.district?.id).toBe('district-370503');
    expect(placed.departmentId).not.toBeNull();
  });

  it('puts the fire inside the demo enterprise in the port chemical park', () => {
    const { p, h } = hazards.find(({ h: hz }) => hz.class === 'fire')!;
    const g = placeDetection(cameraFromMeta(metaOf(p)).camera!, { class: 'fire', score: 1, bbox: h.bbox });
    const placed = placeFinding(g, index, seed.rules);
    expect(placed.zones.map((z) => z.kind)).toEqual(expect.arrayContaining(['chemical-park', 'enterprise']));
    expect(placed.enterpriseId).toBe('ent-demo-01');
    expect(placed.departmentId).toBe('dept-port-ajj');
  });
});
