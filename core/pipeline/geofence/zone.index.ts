/**
 * A spatial index over zones: flatbush over their bounding boxes, then an exact point-in-polygon test on
 * the few candidates. Immutable: when zones change, the caller builds a new one (10,000 zones take
 * milliseconds).
 */
import { bbox } from '@turf/turf';
import Flatbush from 'flatbush';
import type { ZoneKind } from '../../domain.ts';
import { metresPerDegree } from '../camera/local-frame.geo.ts';
import { pointInPrepared, prepareGeometry, type PreparedPolygon } from './point-in-ring.geo.ts';
import type { Zone } from './zone.types.ts';

export interface NearestZone {
  zone: Zone;
  /** 0 when the point is inside. */
  distanceM: number;
}

export interface ZoneIndex {
  readonly zones: readonly Zone[];
  /** Zones containing the point, in the order they were given. */
  zonesAt(lon: number, lat: number): Zone[];
  /** The zone of a kind nearest to the point within maxM metres (0 if inside one), or null. */
  nearest(lon: number, lat: number, kind: ZoneKind, maxM: number): NearestZone | null;
  byId(id: string): Zone | undefined;
}

/** Distance in metres from a point to a polygon's rings (the point is outside), on a local tangent plane. */
function distanceToRingsM(lon: number, lat: number, polys: readonly PreparedPolygon[]): number {
  const { mPerDegLat: ky, mPerDegLon: kx } = metresPerDegree(lat);
  let best = Infinity;
  for (const rings of polys) {
    for (const r of rings) {
      for (let i = 0; i + 3 < r.length; i += 2) {
        const ax = (r[i]! - lon) * kx;
        const ay = (r[i + 1]! - lat) * ky;
        const bx = (r[i + 2]! - lon) * kx;
        const by = (r[i + 3]! - lat) * ky;
        const dx = bx - ax;
        const dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
        const d = Math.hypot(ax + t * dx, ay + t * dy);
        if (d < best) best = d;
      }
    }
  }
  return best;
}

/** Builds the index. Zones must be validated (see validateZones). */
export function buildZoneIndex(zones: readonly Zone[]): ZoneIndex {
  const prepared = zones.map((z) => prepareGeometry(z.geometry));
  const byId = new Map(zones.map((z) => [z.id, z]));
  const fb = new Flatbush(Math.max(1, zones.length));
  for (const z of zones) {
    const [minX, minY, maxX, maxY] = bbox(z);
    fb.add(minX!, minY!, maxX!, maxY!);
  }
  if (zones.length === 0) fb.add(0, 0, 0, 0); // flatbush cannot be empty; this box matches nothing real
  fb.finish();

  // The filter does the exact test, so flatbush's result array holds only real hits; x/y are passed via
  // closure variables to avoid allocating a closure per lookup.
  let qx = 0;
  let qy = 0;
  const inside = (i: number): boolean => i < zones.length && pointInPrepared(qx, qy, prepared[i]!);

  return {
    zones,
    zonesAt(lon, lat) {
      qx = lon;
      qy = lat;
      const hits = fb.search(lon, lat, lon, lat, inside);
      if (hits.length > 1) hits.sort((a, b) => a - b);
      const out = new Array<Zone>(hits.length);
      for (let k = 0; k < hits.length; k++) out[k] = zones[hits[k]!]!;
      return out;
    },
    nearest(lon, lat, kind, maxM) {
      const { mPerDegLat, mPerDegLon } = metresPerDegree(lat);
      const dLon = maxM / mPerDegLon;
      const dLat = maxM / mPerDegLat;
      let best: NearestZone | null = null;
      for (const i of fb.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat)) {
        const z = zones[i];
        if (!z || z.properties.kind !== kind) continue;
        const d = pointInPrepared(lon, lat, prepared[i]!) ? 0 : distanceToRingsM(lon, lat, prepared[i]!);
        if (d <= maxM && (!best || d < best.distanceM)) best = { zone: z, distanceM: d };
      }
      return best;
    },
    byId: (id) => byId.get(id),
  };
}
