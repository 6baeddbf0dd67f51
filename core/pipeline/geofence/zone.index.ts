/**
 * A spatial index over zones: flatbush over their bounding boxes, then an exact point-in-polygon test on
 * the few candidates. Immutable: when zones change, the caller builds a new one (10,000 zones take
 * a few hundred milliseconds).
 *
 * The point lookup walks flatbush's packed tree itself (its `_boxes`/`_indices`/`_levelBounds` arrays,
 * stable since flatbush 3) with a reused stack, because `Flatbush#search` allocates two arrays per call
 * and the lookup is the hot path of analysis and of the flight checks (see bench/zone-lookup.bench.ts).
 * The tests compare every answer with Turf's booleanPointInPolygon.
 */
import { bbox } from '@turf/turf';
import Flatbush from 'flatbush';
import type { ZoneKind } from '../../domain.ts';
import { metresPerDegree } from '../camera/local-frame.geo.ts';
import { packZones, pointInPackedZone, type PackedZones } from './packed-zones.geo.ts';
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

/** Tree fan-out: smaller nodes mean fewer box tests per point query (measured: 8 beats the default 16). */
const NODE_SIZE = 8;

interface FlatbushTree {
  _boxes: Float64Array;
  _indices: Uint16Array | Uint32Array;
  _levelBounds: number[];
  nodeSize: number;
  numItems: number;
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
  const fb = new Flatbush(Math.max(1, zones.length), NODE_SIZE);
  for (const z of zones) {
    const [minX, minY, maxX, maxY] = bbox(z);
    fb.add(minX!, minY!, maxX!, maxY!);
  }
  if (zones.length === 0) fb.add(0, 0, 0, 0); // flatbush cannot be empty; item 0 is then skipped below
  fb.finish();

  const { _boxes: boxes, _indices: indices, _levelBounds: levelBounds, nodeSize } = fb as unknown as FlatbushTree;
  const numItems4 = zones.length * 4;
  const leafEnd = levelBounds[0]!;
  // Depth-first: each level adds at most nodeSize entries of (node, level).
  const stack = new Int32Array((levelBounds.length + 1) * nodeSize * 2 + 2);
  const hits: number[] = [];

  /** Fills `hits` with the indices of zones containing (x, y), sorted. */
  const stab = (x: number, y: number): void => {
    hits.length = 0;
    let sp = 0;
    stack[sp++] = boxes.length - 4;
    stack[sp++] = levelBounds.length - 1;
    while (sp > 0) {
      const level = stack[--sp]!;
      const nodeIndex = stack[--sp]!;
      const end = Math.min(nodeIndex + nodeSize * 4, levelBounds[level]!);
      const isNode = nodeIndex >= leafEnd;
      for (let pos = nodeIndex; pos < end; pos += 4) {
        if (x < boxes[pos]! || y < boxes[pos + 1]! || x > boxes[pos + 2]! || y > boxes[pos + 3]!) continue;
        const index = indices[pos >> 2]!;
        if (isNode) {
          stack[sp++] = index;
          stack[sp++] = level - 1;
        } else if (index * 4 < numItems4 && pointInPackedZone(x, y, packed, index)) {
          // insertion keeps the few hits in input order
          let k = hits.length;
          hits.push(index);
          while (k > 0 && hits[k - 1]! > index) {
            hits[k] = hits[k - 1]!;
            k--;
          }
          hits[k] = index;
        }
      }
    }
  };

  return {
    zones,
    zonesAt(lon, lat) {
      stab(lon, lat);
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
        const d = pointInPackedZone(lon, lat, packed, i) ? 0 : distanceToZoneM(lon, lat, packed, i);
        if (d <= maxM && (!best || d < best.distanceM)) best = { zone: z, distanceM: d };
      }
      return best;
    },
    byId: (id) => byId.get(id),
  };
}
