/**
 * The demo mission as intended: what each photo should show on the ground. build-mission-spec.ts turns it
 * into drone poses by inverting the camera model. Hazards sit where the default rules flag them:
 * fire inside an enterprise in the Dongying Port chemical park, an excavator and an oil spill in the
 * port-Hekou pipeline corridor, a steel shed in the park's no-build safety belt, a tanker in the truck park.
 */
import type { HazardClass, ZoneKind } from '../../core/domain.ts';

export interface PlannedHazard {
  class: HazardClass;
  /** Where it is on the ground. */
  lon: number;
  lat: number;
  /** Size on the ground, metres (drawn as a square of this many metres). */
  sizeM: number;
  /** Where it should appear in the photo, pixels. */
  u: number;
  v: number;
  /** The zone kind whose rule must flag it (the test checks this through the real projection). */
  expectZoneKind: ZoneKind | '*';
  expectRuleId: string;
}

export interface PlannedPhoto {
  /** Height above the take-off point (the dock), metres. */
  relAlt: number;
  pitch: number;
  yaw: number;
  /** A make_scene.py background. */
  background: 'industrial' | 'farmland' | 'construction' | 'pipeline';
  /** Without hazards: where the drone is. With hazards: derived from the first hazard. */
  lon?: number;
  lat?: number;
  hazards: PlannedHazard[];
}

export const MISSION = {
  id: 'mission-demo-dyport-20250424',
  dockId: 'dock-dyport-01',
  droneModel: 'M4TD',
  /** Take-off: the dock, about 3 m above sea level on the reclaimed port land. */
  takeoff: { lon: 118.951, lat: 38.046, absAlt: 3.2 },
  startUtc: '2025-04-24T02:00:00Z',
  width: 2000,
  height: 1500,
  /** M4TD wide camera (seeds/.../camera-sensors.table.ts): 6.72 mm, 24 mm equivalent. */
  focalLength: 6.72,
  focal35: 24,
};

export const PLAN: PlannedPhoto[] = [
  { relAlt: 90, pitch: -90, yaw: 0, background: 'industrial', lon: 118.9515, lat: 38.0475, hazards: [] },
  { relAlt: 90, pitch: -90, yaw: 0, background: 'industrial', lon: 118.948, lat: 38.05, hazards: [] },
  {
    relAlt: 90, pitch: -90, yaw: 10, background: 'industrial',
    hazards: [{ class: 'fire', lon: 118.9442, lat: 38.0521, sizeM: 6, u: 820, v: 640, expectZoneKind: '*', expectRuleId: 'rule-fire-anywhere' }],
  },
  {
    relAlt: 95, pitch: -90, yaw: 10, background: 'industrial',
    hazards: [{ class: 'smoke', lon: 118.9445, lat: 38.0518, sizeM: 10, u: 1250, v: 900, expectZoneKind: 'chemical-park', expectRuleId: 'rule-smoke-chemical-park' }],
  },
  { relAlt: 90, pitch: -90, yaw: 100, background: 'industrial', lon: 118.952, lat: 38.0565, hazards: [] },
  {
    relAlt: 85, pitch: -90, yaw: 100, background: 'industrial',
    hazards: [{ class: 'tanker_truck', lon: 118.958, lat: 38.062, sizeM: 12, u: 1100, v: 700, expectZoneKind: 'key-site', expectRuleId: 'rule-tanker-key-site' }],
  },
  { relAlt: 90, pitch: -50, yaw: 190, background: 'industrial', lon: 118.962, lat: 38.058, hazards: [] },
  { relAlt: 90, pitch: -90, yaw: 190, background: 'industrial', lon: 118.964, lat: 38.05, hazards: [] },
  { relAlt: 90, pitch: -90, yaw: 190, background: 'farmland', lon: 118.966, lat: 38.042, hazards: [] },
  {
    relAlt: 90, pitch: -90, yaw: 260, background: 'pipeline',
    hazards: [{ class: 'oil_spill', lon: 118.968, lat: 38.0308, sizeM: 10, u: 1000, v: 760, expectZoneKind: 'pipeline-corridor', expectRuleId: 'rule-oil-spill-pipeline' }],
  },
  {
    relAlt: 100, pitch: -55, yaw: 260, background: 'pipeline',
    hazards: [{ class: 'excavator', lon: 118.958, lat: 38.0318, sizeM: 8, u: 1040, v: 980, expectZoneKind: 'pipeline-corridor', expectRuleId: 'rule-excavator-pipeline' }],
  },
  { relAlt: 90, pitch: -90, yaw: 260, background: 'farmland', lon: 118.95, lat: 38.03, hazards: [] },
  {
    relAlt: 90, pitch: -90, yaw: 280, background: 'construction',
    hazards: [{ class: 'steel_shed', lon: 118.952, lat: 38.0262, sizeM: 15, u: 980, v: 820, expectZoneKind: 'no-build', expectRuleId: 'rule-steel-shed-no-build' }],
  },
  {
    relAlt: 90, pitch: -45, yaw: 280, background: 'farmland',
    hazards: [{ class: 'steel_shed', lon: 118.94, lat: 38.0255, sizeM: 15, u: 1200, v: 1050, expectZoneKind: 'no-build', expectRuleId: 'rule-steel-shed-no-build' }],
  },
  { relAlt: 90, pitch: -90, yaw: 280, background: 'farmland', lon: 118.93, lat: 38.03, hazards: [] },
  { relAlt: 90, pitch: -90, yaw: 10, background: 'industrial', lon: 118.93, lat: 38.038, hazards: [] },
  { relAlt: 90, pitch: -60, yaw: 10, background: 'industrial', lon: 118.931, lat: 38.042, hazards: [] },
  { relAlt: 90, pitch: -90, yaw: 60, background: 'industrial', lon: 118.936, lat: 38.046, hazards: [] },
  { relAlt: 90, pitch: -90, yaw: 90, background: 'industrial', lon: 118.943, lat: 38.046, hazards: [] },
  { relAlt: 80, pitch: -90, yaw: 90, background: 'industrial', lon: 118.949, lat: 38.046, hazards: [] },
];
