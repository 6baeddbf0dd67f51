/**
 * Point-in-polygon on flat coordinate arrays: the hot path of zone lookups. Turf's booleanPointInPolygon
 * re-reads nested GeoJSON arrays and checks bboxes on every call; rings prepared once as Float64Array
 * [x0, y0, x1, y1, ...] (closing point included) make a lookup several times faster (see bench/zone-lookup).
 * Points exactly on an edge may fall either way, as with any even-odd test; zones are metres wide, so a
 * boundary ambiguity of 1e-12 degrees does not matter.
 */
import type { Position } from 'geojson';
import type { ZoneGeometry } from './zone.types.ts';

/** One polygon: its outer ring, then its holes. */
export type PreparedPolygon = Float64Array[];

export function prepareRing(ring: readonly Position[]): Float64Array {
  const a = new Float64Array(ring.length * 2);
  for (let i = 0; i < ring.length; i++) {
    a[2 * i] = ring[i]![0]!;
    a[2 * i + 1] = ring[i]![1]!;
  }
  return a;
}

export function prepareGeometry(g: ZoneGeometry): PreparedPolygon[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.map((rings) => rings.map(prepareRing));
}

/** Even-odd crossing test of (x, y) against one ring. */
export function pointInRing(x: number, y: number, r: Float64Array): boolean {
  let inside = false;
  const n = r.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const yi = r[i + 1]!;
    const yj = r[j + 1]!;
    if (yi > y !== yj > y) {
      const xi = r[i]!;
      const xj = r[j]!;
      if (x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Inside the outer ring and no hole, of any of the polygons. */
export function pointInPrepared(x: number, y: number, polys: readonly PreparedPolygon[]): boolean {
  for (const rings of polys) {
    if (!pointInRing(x, y, rings[0]!)) continue;
    let inHole = false;
    for (let h = 1; h < rings.length; h++) {
      if (pointInRing(x, y, rings[h]!)) {
        inHole = true;
        break;
      }
    }
    if (!inHole) return true;
  }
  return false;
}
