// The committed districts must be the GCJ-02 DataV boundaries moved to WGS84. Oracle: the published GCJ-02
// forward formula (Krasovsky ellipsoid, the "eviltransform" equations), written out here independently of
// gcoord, which the conversion script uses.
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Position } from 'geojson';
import { expect, it } from 'vitest';
import { localFrame } from '../../../core/pipeline/camera/local-frame.geo.ts';
import { convertDistricts } from '../../../seeds/demo/convert-districts.ts';
import { describeRealdata, realdata } from '../../helpers/realdata.ts';

function wgsToGcj(lon: number, lat: number): [number, number] {
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const x = lon - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLon += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLon += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLon += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

const committed = JSON.parse(readFileSync(new URL('../../../seeds/data/districts.geojson', import.meta.url), 'utf8')) as FeatureCollection<MultiPolygon>;
const vertices = (g: MultiPolygon): Position[] => g.coordinates.flat(2);

describeRealdata('GCJ-02 -> WGS84 districts', () => {
  const raw = JSON.parse(readFileSync(realdata('geo/dongying/datav_370500_full.json'), 'utf8')) as FeatureCollection<MultiPolygon>;

  it('moved every vertex a few hundred metres west and a little south', () => {
    for (const f of committed.features) {
      // per vertex, against the oracle: GCJ-02 puts things 450-650 m east and 0-250 m north of WGS84 here
      for (const [lon, lat] of vertices(f.geometry)) {
        const [ve, vn] = localFrame(...wgsToGcj(lon!, lat!)).toEN(lon!, lat!);
        expect(ve).toBeLessThan(-450);
        expect(ve).toBeGreaterThan(-650);
        expect(vn).toBeLessThan(0);
        expect(vn).toBeGreaterThan(-250);
      }
    }
  });

  it('maps back onto the DataV vertices with the independent GCJ-02 formula (within 2 m)', () => {
    for (const f of committed.features) {
      const src = vertices(raw.features.find((r) => `district-${(r.properties as { adcode: number }).adcode}` === f.id)!.geometry);
      const frame = localFrame(src[0]![0]!, src[0]![1]!);
      const srcEN = src.map(([lon, lat]) => frame.toEN(lon!, lat!));
      let worst = 0;
      for (const [lon, lat] of vertices(f.geometry)) {
        const [gx, gy] = frame.toEN(...wgsToGcj(lon!, lat!));
        let best = Infinity;
        for (const [sx, sy] of srcEN) best = Math.min(best, Math.hypot(sx - gx, sy - gy));
        worst = Math.max(worst, best);
      }
      expect(worst, String(f.id)).toBeLessThan(2);
    }
  });

  it('is what the script makes from the source today (the committed file is up to date)', () => {
    const fresh = convertDistricts(raw);
    expect(JSON.parse(JSON.stringify(fresh))).toEqual(committed);
  });
});
