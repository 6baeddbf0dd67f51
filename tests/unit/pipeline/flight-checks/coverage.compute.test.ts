import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { coverage } from '../../../../core/pipeline/flight-checks/coverage.compute.ts';
import { validateZones } from '../../../../core/pipeline/geofence/zones.validate.ts';

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
const zones = validateZones({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', id: 'park', properties: { kind: 'chemical-park', name: 'P', patrolIntervalDays: 7 }, geometry: rect(118, 37, 118.01, 37.01) },
    { type: 'Feature', id: 'dist', properties: { kind: 'district', name: 'D' }, geometry: rect(117, 36, 119, 38) }, // not patrolled
  ],
});

describe('coverage', () => {
  it('measures the union of footprints per 7-day interval', () => {
    // Shares by hand: a strip of the zone's full height covers (its width / 0.01 deg) of the area, because
    // area between two parallels grows linearly with the longitude span.
    const rows = coverage(
      zones,
      [
        { polygon: rect(117.99, 36.99, 118.005, 37.02), capturedAt: '2025-01-02T03:00:00Z' }, // west half: 0.5
        { polygon: rect(118.003, 36.99, 118.007, 37.02), capturedAt: '2025-01-03T03:00:00Z' }, // overlaps: union 0.7
        { polygon: rect(118.002, 37.0, 118.004, 37.01), capturedAt: '2025-01-04T03:00:00Z' }, // inside the union already
        { polygon: rect(118.5, 37.5, 118.6, 37.6), capturedAt: '2025-01-04T03:00:00Z' }, // elsewhere
        { polygon: rect(118, 37, 118.0025, 37.01), capturedAt: '2025-01-09T00:00:00Z' }, // second week: 0.25
        { polygon: rect(118, 37, 118.01, 37.01), capturedAt: '2025-01-20T00:00:00Z' }, // after `to`
      ],
      '2025-01-01T00:00:00Z',
      '2025-01-15T00:00:00Z',
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ zoneId: 'park', intervalStart: '2025-01-01T00:00:00.000Z', intervalEnd: '2025-01-08T00:00:00.000Z', photos: 3 });
    expect(rows[0]!.coveredShare).toBeCloseTo(0.7, 3);
    expect(rows[1]).toMatchObject({ intervalStart: '2025-01-08T00:00:00.000Z', intervalEnd: '2025-01-15T00:00:00.000Z', photos: 1 });
    expect(rows[1]!.coveredShare).toBeCloseTo(0.25, 3);
  });

  it('gives 0 for an interval without photos, caps the last interval at `to`, and nothing for an empty range', () => {
    const rows = coverage(zones, [], '2025-01-01T00:00:00Z', '2025-01-10T00:00:00Z');
    expect(rows.map((r) => [r.intervalEnd, r.coveredShare])).toEqual([
      ['2025-01-08T00:00:00.000Z', 0],
      ['2025-01-10T00:00:00.000Z', 0],
    ]);
    expect(coverage(zones, [], '2025-01-10T00:00:00Z', '2025-01-01T00:00:00Z')).toEqual([]);
  });
});
