import { describe, expect, it } from 'vitest';
import { waylineDeviation } from '../../../../core/pipeline/wayline/wayline-deviation.ts';

// A planned leg due east along 37.5° N; one metre of latitude is 1/111195 degree (Turf's mean radius).
const M = 1 / 111_195;
const planned = [
  { lat: 37.5, lon: 118.5 },
  { lat: 37.5, lon: 118.51 },
];

describe('waylineDeviation', () => {
  it('measures each logged point against the planned route and says where it strayed most', () => {
    const track = [0, 2, 4, 30, 4, 0].map((offM, i) => ({ lat: 37.5 + offM * M, lon: 118.5 + i * 0.002, t: 1000 * i }));
    const d = waylineDeviation(planned, track)!;
    expect(d.points).toBe(6);
    expect(d.maxM).toBeCloseTo(30, 0);
    expect(d.meanM).toBeCloseTo(40 / 6, 0);
    expect(d.p95M).toBeCloseTo(30, 0);
    expect(d.at).toEqual({ lat: track[3]!.lat, lon: track[3]!.lon, t: 3000 });
  });

  it('says nothing without a plan or a track to compare', () => {
    expect(waylineDeviation([planned[0]!], planned)).toBeNull();
    expect(waylineDeviation(planned, [planned[0]!])).toBeNull();
  });
});
