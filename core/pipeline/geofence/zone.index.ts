/**
 * A spatial index over zones. Point lookups (the hot path of analysis and of the flight checks) go through
 * a uniform grid over the zones' bounding boxes (zone-grid.geo.ts), then an exact point-in-polygon test on
 * flat typed arrays (packed-zones.geo.ts); distance queries use flatbush over the same boxes. Immutable:
 * when zones change, the caller builds a new one (10,000 zones take a few hundred milliseconds).
 * The tests compare every answer with Turf's booleanPointInPolygon.
 */
import { bbox } from '@turf/turf';
import Flatbush from 'flatbush';
import type { ZoneKind } from '../../domain.ts';
import { metresPerDegree } from '../camera/local-frame.geo.ts';
import { packZones, pointInPackedZone, type PackedZones } from './packed-zones.geo.ts';
import { buildZoneGrid, gridCell } from './zone-grid.geo.ts';
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

/** Distance in metres from a point to zone z's ring edges, on a local tangent plane at the point. */
function distanceToZoneM(lon: number, lat: number, pz: PackedZones, z: number): number {
  const { mPerDegLat: ky, mPerDegLon: kx } = metresPerDegree(lat);
  const { coords: a, ringStart, polyRing, zonePoly } = pz;
  let best = Infinity;
  for (let r = polyRing[zonePoly[z]!]!, re = polyRing[zonePoly[z + 1]!]!; r < re; r++) {
    for (let i = ringStart[r]!, end = ringStart[r + 1]!; i + 3 < end; i += 2) {
      const ax = (a[i]! - lon) * kx;
      const ay = (a[i + 1]! - lat) * ky;
      const dx = (a[i + 2]! - lon) * kx - ax;
      const dy = (a[i + 3]! - lat) * ky - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
      const d = Math.hypot(ax + t * dx, ay + t * dy);
      if (d < best) best = d;
    }
  }
  return best;
}

/** Builds the index. Zones must be validated (see validateZones). */
export function buildZoneIndex(zones: readonly Zone[]): ZoneIndex {
  const packed = packZones(zones.map((z) => z.geometry));
  const byId = new Map(zones.map((z) => [z.id, z]));
  const boxes = new Float64Array(zones.length * 4);
  zones.forEach((z, i) => boxes.set(bbox(z).slice(0, 4), i * 4));
  const grid = buildZoneGrid(boxes);
  const fb = new Flatbush(Math.max(1, zones.length));
  for (let i = 0; i < zones.length; i++) fb.add(boxes[4 * i]!, boxes[4 * i + 1]!, boxes[4 * i + 2]!, boxes[4 * i + 3]!);
  if (zones.length === 0) fb.add(0, 0, 0, 0); // flatbush cannot be empty; nearest() skips this item
  fb.finish();
  const { cellStart, items } = grid;

  return {
    zones,
    zonesAt(lon, lat) {
      const out: Zone[] = [];
      const c = gridCell(grid, lon, lat);
      if (c < 0) return out;
      for (let k = cellStart[c]!, end = cellStart[c + 1]!; k < end; k++) {
        const i = items[k]!;
        const o = i * 4;
        if (lon < boxes[o]! || lat < boxes[o + 1]! || lon > boxes[o + 2]! || lat > boxes[o + 3]!) continue;
        if (pointInPackedZone(lon, lat, packed, i)) out.push(zones[i]!);
      }
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
        const d = pointInPackedZone(lon, lat, packed, i) ? 0 : distanceToZoneM(lon, lat, packed, i);
        if (d <= maxM && (!best || d < best.distanceM)) best = { zone: z, distanceM: d };
      }
      return best;
    },
    byId: (id) => byId.get(id),
  };
}
