// The demo flight log must match the demo photos (time, position, height) and pass the flight checks.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import type { TrackPoint } from '../../../core/domain.ts';
import { distanceM } from '../../../core/pipeline/camera/local-frame.geo.ts';
import { checkFlight } from '../../../core/pipeline/flight-checks/flight.check.ts';
import { buildZoneIndex } from '../../../core/pipeline/geofence/zone.index.ts';
import { buildFlightLogCsv } from '../../../seeds/demo/build-flight-log.ts';
import type { MissionSpec } from '../../../seeds/demo/build-mission-spec.ts';
import { loadSeedData } from '../../../seeds/dongying.seed-data.ts';

const spec = JSON.parse(readFileSync(new URL('../../../seeds/demo/mission-spec.json', import.meta.url), 'utf8')) as MissionSpec;
const csv = readFileSync(new URL('../../../seeds/demo/flight-log.csv', import.meta.url), 'utf8');
const rows = parse(csv, { columns: true }) as Record<string, string>[];
const FEET = 0.3048;
const points: TrackPoint[] = rows.map((r) => ({
  t: Date.parse(`${r['datetime(utc)']!.replace(' ', 'T')}Z`),
  lat: Number(r.latitude),
  lon: Number(r.longitude),
  absAlt: Number(r['altitude_above_seaLevel(feet)']) * FEET,
  relAlt: Number(r['height_above_takeoff(feet)']) * FEET,
  heading: Number(r['compass_heading(degrees)']),
  gimbalPitch: Number(r['gimbal_pitch(degrees)']),
  gimbalYaw: Number(r['gimbal_heading(degrees)']),
}));

it('is what the builder makes from the spec (committed file up to date)', () => {
  expect(buildFlightLogCsv(spec)).toBe(csv);
});

it('has a photo row at each photo time, at the photo position and height', () => {
  const photos = rows.map((r, i) => ({ r, p: points[i]! })).filter(({ r }) => r.isPhoto === '1');
  expect(photos).toHaveLength(spec.photos.length);
  spec.photos.forEach((ph, i) => {
    const { p } = photos[i]!;
    expect(new Date(p.t).toISOString()).toBe(ph.pose.capturedAt);
    expect(distanceM(p.lon, p.lat, ph.pose.lon, ph.pose.lat)).toBeLessThan(0.01);
    expect(p.relAlt!).toBeCloseTo(ph.pose.relAlt, 2);
    expect(p.gimbalPitch).toBe(ph.pose.gimbalPitch);
  });
});

it('starts and ends at the dock, flies no faster than 15 m/s, and raises no flight warning', () => {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  expect(distanceM(first.lon, first.lat, spec.mission.takeoff.lon, spec.mission.takeoff.lat)).toBeLessThan(0.01);
  expect(distanceM(last.lon, last.lat, spec.mission.takeoff.lon, spec.mission.takeoff.lat)).toBeLessThan(0.01);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    expect(b.t - a.t).toBe(1000);
    expect(distanceM(a.lon, a.lat, b.lon, b.lat)).toBeLessThan(15);
  }
  expect(checkFlight({ format: 'airdata-csv', points }, buildZoneIndex(loadSeedData().zones))).toEqual([]);
});
