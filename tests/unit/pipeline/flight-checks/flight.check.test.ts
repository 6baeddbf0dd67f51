import { describe, expect, it } from 'vitest';
import type { TrackPoint } from '../../../../core/domain.ts';
import { checkFlight, heightsAboveTakeoff } from '../../../../core/pipeline/flight-checks/flight.check.ts';
import { parseGpx } from '../../../../core/pipeline/flightlog/gpx.parser.ts';
import { buildZoneIndex } from '../../../../core/pipeline/geofence/zone.index.ts';
import { validateZones } from '../../../../core/pipeline/geofence/zones.validate.ts';

const index = buildZoneIndex(
  validateZones({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', id: 'airport', properties: { kind: 'no-fly', name: '胜利机场', radiusM: 3000 }, geometry: { type: 'Point', coordinates: [118.788, 37.509] } }],
  }),
);

const T0 = Date.UTC(2025, 3, 24, 10, 0, 0);
const pt = (s: number, lon: number, lat: number, relAlt: number | null): TrackPoint => ({ t: T0 + s * 1000, lat, lon, absAlt: null, relAlt, heading: null, gimbalPitch: null, gimbalYaw: null });

describe('checkFlight', () => {
  it('reports a run inside the no-fly zone, a run above the ceiling, and a gap, each once', () => {
    const points = [
      pt(0, 118.70, 37.509, 50), // ~7.8 km west of the airport: fine
      pt(1, 118.70, 37.509, 121),
      pt(2, 118.70, 37.509, 130.5),
      pt(3, 118.70, 37.509, 100),
      pt(4, 118.78, 37.509, 90), // 0.008 deg * 88.4 km = 0.7 km from the centre: inside
      pt(5, 118.781, 37.509, 90),
      pt(20, 118.781, 37.509, 90), // 15 s after the previous sample, still inside: same run
      pt(21, 118.90, 37.509, 90), // out
    ];
    const w = checkFlight({ format: 'gpx', points: [...points].reverse() }, index);
    expect(w.map((x) => x.kind)).toEqual(['altitude', 'no-fly', 'gap']);
    expect(w[0]).toMatchObject({ t: T0 + 1000, tEnd: T0 + 2000, maxRelAlt: 130.5 });
    expect(w[1]).toMatchObject({ t: T0 + 4000, tEnd: T0 + 20_000, lon: 118.78, zone: { id: 'airport', name: '胜利机场' } });
    expect(w[2]).toMatchObject({ t: T0 + 5000, tEnd: T0 + 20_000, gapS: 15 });
  });

  it('honours the options and skips points without a relative altitude', () => {
    const points = [pt(0, 118.5, 37.5, 90), pt(4, 118.5, 37.5, null), pt(5, 118.5, 37.5, 95)];
    expect(checkFlight({ format: 'gpx', points }, index)).toEqual([]);
    const w = checkFlight({ format: 'gpx', points }, index, { ceilingM: 80, maxGapS: 3 });
    expect(w.map((x) => x.kind)).toEqual(['altitude', 'gap', 'altitude']);
  });
});

describe('checkFlight on a log with absolute altitudes only', () => {
  it('flags a GPX climbing from 10 m to 180 m (170 m above take-off), measured from take-off', () => {
    const fixes = [10, 40, 90, 131, 150, 180, 175, 60]
      .map((ele, i) => `<trkpt lat="37.6" lon="118.5"><ele>${ele}</ele><time>${new Date(T0 + i * 1000).toISOString()}</time></trkpt>`)
      .join('');
    const track = parseGpx(`<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${fixes}</trkseg></trk></gpx>`);
    expect(track.points.every((p) => p.relAlt === null && p.absAlt !== null)).toBe(true);
    const w = checkFlight(track, index);
    expect(w).toHaveLength(1);
    // 131 m is 121 m above the 10 m take-off: over the ceiling; 130 m above sea level would not have been.
    expect(w[0]).toMatchObject({ kind: 'altitude', t: T0 + 3000, tEnd: T0 + 6000, maxRelAlt: 170 });
    expect(w[0]!.message).toContain('170.0 m above take-off');
  });

  it('prefers the relative height where the log has one, and reads nothing where neither is known', () => {
    expect(heightsAboveTakeoff([{ ...pt(0, 118.5, 37.6, 5), absAlt: 300 }, { ...pt(1, 118.5, 37.6, null), absAlt: 350 }, pt(2, 118.5, 37.6, null)])).toEqual([5, 50, null]);
    expect(heightsAboveTakeoff([pt(0, 118.5, 37.6, null)])).toEqual([null]);
  });
});
