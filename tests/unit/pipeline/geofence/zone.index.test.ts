import { booleanPointInPolygon, point } from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildZoneIndex } from '../../../../core/pipeline/geofence/zone.index.ts';
import { validateZones } from '../../../../core/pipeline/geofence/zones.validate.ts';
import { metresPerDegree } from '../../../../core/pipeline/camera/local-frame.geo.ts';

const zones = validateZones({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', id: 'd', properties: { kind: 'district', name: 'D' }, geometry: { type: 'Polygon', coordinates: [[[118, 37], [119, 37], [119, 38], [118, 38], [118, 37]]] } },
    // a park with a hole (a residential enclave) in the middle
    {
      type: 'Feature', id: 'park', properties: { kind: 'chemical-park', name: 'P' },
      geometry: { type: 'Polygon', coordinates: [[[118.2, 37.2], [118.4, 37.2], [118.4, 37.4], [118.2, 37.4], [118.2, 37.2]], [[118.28, 37.28], [118.32, 37.28], [118.32, 37.32], [118.28, 37.32], [118.28, 37.28]]] },
    },
    // an enterprise parcel: 0.01 deg square at (118.5, 37.5)
    { type: 'Feature', id: 'e1', properties: { kind: 'enterprise', name: 'E1', enterpriseId: 'ent-1' }, geometry: { type: 'Polygon', coordinates: [[[118.5, 37.5], [118.51, 37.5], [118.51, 37.51], [118.5, 37.51], [118.5, 37.5]]] } },
    // a concave L-shaped no-build zone: its bbox covers the notch, the polygon does not
    { type: 'Feature', id: 'L', properties: { kind: 'no-build', name: 'L' }, geometry: { type: 'Polygon', coordinates: [[[118.6, 37.6], [118.7, 37.6], [118.7, 37.62], [118.62, 37.62], [118.62, 37.7], [118.6, 37.7], [118.6, 37.6]]] } },
  ],
});
const index = buildZoneIndex(zones);
const ids = (lon: number, lat: number): string[] => index.zonesAt(lon, lat).map((z) => z.id);

describe('zonesAt', () => {
  it('finds nested zones, honours holes and concave shapes, and nothing outside', () => {
    expect(ids(118.25, 37.25)).toEqual(['d', 'park']);
    expect(ids(118.3, 37.3)).toEqual(['d']); // in the hole
    expect(ids(118.61, 37.65)).toEqual(['d', 'L']);
    expect(ids(118.66, 37.66)).toEqual(['d']); // in the L's bbox, outside the L
    expect(ids(120, 37.5)).toEqual([]);
  });

  it('agrees with turf booleanPointInPolygon on random points', () => {
    fc.assert(
      fc.property(fc.double({ min: 117.9, max: 119.1, noNaN: true }), fc.double({ min: 36.9, max: 38.1, noNaN: true }), (lon, lat) => {
        const expected = zones.filter((z) => booleanPointInPolygon(point([lon, lat]), z)).map((z) => z.id);
        expect(ids(lon, lat)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nearest', () => {
  const { mPerDegLon } = metresPerDegree(37.505);

  it('gives 0 inside, the edge distance outside, null beyond maxM or for another kind', () => {
    expect(index.nearest(118.505, 37.505, 'enterprise', 200)).toMatchObject({ distanceM: 0 });
    // 0.001 deg east of the east edge (118.51) at 37.505: 0.001 * mPerDegLon = ~88 m
    const near = index.nearest(118.511, 37.505, 'enterprise', 200)!;
    expect(near.zone.id).toBe('e1');
    expect(near.distanceM).toBeCloseTo(0.001 * mPerDegLon, 1);
    expect(index.nearest(118.514, 37.505, 'enterprise', 200)).toBeNull(); // ~350 m
    expect(index.nearest(118.511, 37.505, 'key-site', 5000)).toBeNull();
  });

  it('works on an empty index', () => {
    const empty = buildZoneIndex([]);
    expect(empty.zonesAt(0, 0)).toEqual([]);
    expect(empty.nearest(0, 0, 'enterprise', 1000)).toBeNull();
  });
});

describe('zonesAt on random zone sets (grid sizing, huge and tiny zones together)', () => {
  it('agrees with turf', () => {
    const rect = fc.record({ x: fc.double({ min: 118, max: 119, noNaN: true }), y: fc.double({ min: 37, max: 38, noNaN: true }), w: fc.double({ min: 1e-5, max: 1.5, noNaN: true }), h: fc.double({ min: 1e-5, max: 1.5, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(rect, { minLength: 1, maxLength: 40 }), fc.array(fc.tuple(fc.double({ min: 117.9, max: 120.6, noNaN: true }), fc.double({ min: 36.9, max: 39.6, noNaN: true })), { minLength: 1, maxLength: 30 }), (rects, pts) => {
        const zs = validateZones({
          type: 'FeatureCollection',
          features: rects.map((r, i) => ({ type: 'Feature', id: `r${i}`, properties: { kind: 'no-build', name: `r${i}` }, geometry: { type: 'Polygon', coordinates: [[[r.x, r.y], [r.x + r.w, r.y], [r.x + r.w, r.y + r.h], [r.x, r.y + r.h], [r.x, r.y]]] } })),
        });
        const idx = buildZoneIndex(zs);
        // points inside some rectangles too, not only random ones
        const probes = [...pts, ...rects.map((r): [number, number] => [r.x + r.w / 3, r.y + r.h / 3])];
        for (const [lon, lat] of probes) {
          const expected = zs.filter((z) => booleanPointInPolygon(point([lon, lat]), z, { ignoreBoundary: true })).map((z) => z.id);
          const got = idx.zonesAt(lon, lat).map((z) => z.id);
          // boundary points may go either way; random doubles practically never land on one
          expect(got).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});
