import { area, length, lineString } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../../core/errors.ts';
import { validateZones } from '../../../../core/pipeline/geofence/zones.validate.ts';

const square = (x: number, y: number, s: number): number[][][] => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
const fc = (...features: unknown[]): unknown => ({ type: 'FeatureCollection', features });
const feat = (id: string, kind: string, name: string, geometry: unknown, extra: Record<string, unknown> = {}): unknown => ({
  type: 'Feature', id, properties: { kind, name, ...extra }, geometry,
});

const errorOf = (input: unknown): BadInputError => {
  try {
    validateZones(input);
  } catch (e) {
    if (e instanceof BadInputError) return e;
    throw e;
  }
  throw new Error('no error thrown');
};

describe('validateZones', () => {
  it('keeps polygons and fills properties.id', () => {
    const [z] = validateZones(fc(feat('a', 'no-build', '禁建区A', { type: 'Polygon', coordinates: square(118, 37, 0.01) })));
    expect(z!.id).toBe('a');
    expect(z!.properties).toMatchObject({ id: 'a', kind: 'no-build', name: '禁建区A' });
    expect(z!.geometry.type).toBe('Polygon');
  });

  it('buffers a corridor line by bufferM on each side', () => {
    const line = lineString([[118.5, 37.5], [118.52, 37.5]]);
    const [z] = validateZones(fc(feat('p', 'pipeline-corridor', '输油管道', line.geometry, { bufferM: 50 })));
    expect(z!.geometry.type).toBe('Polygon');
    // a 100 m wide band along the line plus two half-disc caps: L*100 + pi*50^2
    const L = length(line, { units: 'meters' });
    const expected = L * 100 + Math.PI * 2500;
    expect(Math.abs(area(z!) / expected - 1)).toBeLessThan(0.02);
    expect(z!.properties.centerline).toEqual(line.geometry);
  });

  it('draws a circle for a Point with radiusM', () => {
    const [z] = validateZones(fc(feat('nf', 'no-fly', '机场', { type: 'Point', coordinates: [118.788, 37.509] }, { radiusM: 3000 })));
    expect(Math.abs(area(z!) / (Math.PI * 3000 ** 2) - 1)).toBeLessThan(0.01);
  });

  it('names the feature (index and name) of a self-intersecting polygon', () => {
    const bowtie = { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] };
    const e = errorOf(fc(feat('ok', 'district', '好', { type: 'Polygon', coordinates: square(0, 0, 1) }), feat('bad', 'no-build', '蝴蝶', bowtie)));
    expect(e.code).toBe('invalid_zone');
    expect(e.message).toContain('#1');
    expect(e.message).toContain('蝴蝶');
    expect(e.message).toContain('self-intersecting');
    expect(e.details).toMatchObject({ index: 1, name: '蝴蝶', id: 'bad' });
  });

  it('refuses unknown kinds, missing ids, open rings, bad coordinates, corridors without buffer, duplicates', () => {
    const poly = { type: 'Polygon', coordinates: square(0, 0, 1) };
    expect(errorOf(fc(feat('a', 'lake', 'L', poly))).message).toMatch(/unknown kind "lake"/);
    expect(errorOf(fc({ type: 'Feature', properties: { kind: 'district', name: 'x' }, geometry: poly })).message).toMatch(/no id/);
    expect(errorOf(fc(feat('a', 'district', 'x', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }))).message).toMatch(/not closed/);
    expect(errorOf(fc(feat('a', 'district', 'x', { type: 'Polygon', coordinates: square(200, 0, 1) }))).message).toMatch(/outside WGS84/);
    expect(errorOf(fc(feat('a', 'pipeline-corridor', 'x', { type: 'LineString', coordinates: [[0, 0], [1, 1]] }))).message).toMatch(/bufferM/);
    expect(errorOf(fc(feat('a', 'district', 'x', { type: 'LineString', coordinates: [[0, 0], [1, 1]] }))).message).toMatch(/only allowed for pipeline-corridor/);
    expect(errorOf(fc(feat('a', 'district', 'x', poly), feat('a', 'district', 'y', poly))).message).toMatch(/#1 "y": duplicate id/);
    expect(errorOf({ type: 'Feature' }).message).toMatch(/FeatureCollection/);
  });
});
