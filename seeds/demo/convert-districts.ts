/**
 * Converts the DataV boundary file of Dongying (GCJ-02, the AMap datum) to WGS84 district zones and writes
 * seeds/data/districts.geojson. Run once when the source changes:
 *   npx tsx seeds/demo/convert-districts.ts [path/to/datav_370500_full.json]
 * GCJ-02 -> WGS84 with gcoord (an offset of a few hundred metres here), then Turf simplify (about 30 m
 * tolerance, far below what a patrol needs) to keep the seeds small.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simplify, truncate } from '@turf/turf';
import gcoordImport from 'gcoord';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

type Gcoord = typeof gcoordImport.default;
// gcoord ships CJS typings with an ES default export; Node hands us module.exports, tsc expects .default.
const gcoord: Gcoord = (gcoordImport as unknown as { default?: Gcoord }).default ?? (gcoordImport as unknown as Gcoord);

/** adcode -> English name and the id of the district's default department (see departments.json). */
export const DISTRICTS: Readonly<Record<number, { nameEn: string; departmentId: string }>> = {
  370502: { nameEn: 'Dongying District', departmentId: 'dept-370502-yjj' },
  370503: { nameEn: 'Hekou District', departmentId: 'dept-370503-yjj' },
  370505: { nameEn: 'Kenli District', departmentId: 'dept-370505-yjj' },
  370522: { nameEn: 'Lijin County', departmentId: 'dept-370522-yjj' },
  370523: { nameEn: 'Guangrao County', departmentId: 'dept-370523-yjj' },
};

const toWgs = (p: Position): Position => gcoord.transform([p[0]!, p[1]!], gcoord.GCJ02, gcoord.WGS84) as Position;

/** GCJ-02 DataV FeatureCollection -> WGS84 district zones (pure; the CLI below does the I/O). */
export function convertDistricts(datav: FeatureCollection, toleranceDeg = 0.0003): FeatureCollection<Polygon | MultiPolygon> {
  const features = datav.features.map((f): Feature<Polygon | MultiPolygon> => {
    const props = f.properties as { adcode: number; name: string };
    const meta = DISTRICTS[props.adcode];
    if (!meta) throw new Error(`unexpected adcode ${props.adcode}`);
    const g = f.geometry as Polygon | MultiPolygon;
    const coords = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    const wgs: MultiPolygon = { type: 'MultiPolygon', coordinates: coords.map((poly) => poly.map((ring) => ring.map(toWgs))) };
    const id = `district-${props.adcode}`;
    const simple = truncate(simplify({ type: 'Feature', properties: {}, geometry: wgs }, { tolerance: toleranceDeg, highQuality: true }), { precision: 6 });
    return {
      type: 'Feature',
      id,
      properties: { id, kind: 'district', name: props.name, nameEn: meta.nameEn, adcode: props.adcode, departmentId: meta.departmentId, source: 'DataV 370500 (GCJ-02) -> WGS84 via gcoord' },
      geometry: simple.geometry,
    };
  });
  return { type: 'FeatureCollection', features };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const src = process.argv[2] ?? path.join(import.meta.dirname, '../../../shared/realdata/geo/dongying/datav_370500_full.json');
  const out = path.join(import.meta.dirname, '../data/districts.geojson');
  const fc = convertDistricts(JSON.parse(readFileSync(src, 'utf8')) as FeatureCollection);
  writeFileSync(out, JSON.stringify(fc) + '\n');
  console.log(JSON.stringify({ wrote: out, features: fc.features.length, bytes: JSON.stringify(fc).length }));
}
