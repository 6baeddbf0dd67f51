/**
 * Checks a zone FeatureCollection and normalises it: pipeline corridors (LineString + bufferM) are
 * buffered, circles (Point + radiusM) drawn, ids and kinds checked, self-intersections refused.
 * Every failure is a BadInputError naming the feature by index and name.
 */
import { buffer, circle, kinks } from '@turf/turf';
import type { Feature, Geometry, Position } from 'geojson';
import { ZONE_KINDS, type ZoneKind } from '../../domain.ts';
import { BadInputError } from '../../errors.ts';
import { TEXT_LIMITS } from '../../text-limits.ts';
import type { Zone, ZoneGeometry, ZoneProperties } from './zone.types.ts';

/**
 * Bounds on what a zone may be. A corridor buffer of 1e300 m gave null coordinates and a circle of
 * 1e12 m covered the planet: sizes are finite and sane, and the geometry is checked again after it is
 * made, because turf does not refuse what it cannot draw.
 */
export const ZONE_LIMITS = {
  /** Pipeline corridor half-width: protection strips are tens of metres; 10 km is already generous. */
  maxBufferM: 10_000,
  /** Circle zones (airport clearance areas are a few km; 50 km covers any of them). */
  maxRadiusM: 50_000,
  /** A zone spans at most this many degrees of longitude or latitude (a whole prefecture is ~2). */
  maxExtentDeg: 10,
  /** Patrols more often than daily are not planned per zone; a shorter interval multiplies coverage rows. */
  minPatrolIntervalDays: 1,
  maxPatrolIntervalDays: 3660,
  maxPositions: 100_000,
} as const;

const isKind = (k: unknown): k is ZoneKind => typeof k === 'string' && (ZONE_KINDS as readonly string[]).includes(k);

function fail(index: number, name: unknown, id: unknown, reason: string): never {
  const label = typeof name === 'string' && name ? `"${name}"` : '(no name)';
  throw new BadInputError('invalid_zone', `zone #${index} ${label}: ${reason}`, { index, name: name ?? null, id: id ?? null, reason });
}

function checkPosition(p: Position): string | null {
  if (!Array.isArray(p) || p.length < 2) return 'a position is not [lon, lat]';
  const [lon, lat] = p;
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) return 'a coordinate is not a finite number';
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return `coordinate [${lon}, ${lat}] is outside WGS84 lon/lat`;
  return null;
}

function checkRings(rings: Position[][]): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return 'a polygon has no rings';
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 4) return 'a ring has fewer than 4 positions';
    for (const p of ring) {
      const bad = checkPosition(p);
      if (bad) return bad;
    }
    const a = ring[0]!;
    const b = ring[ring.length - 1]!;
    if (a[0] !== b[0] || a[1] !== b[1]) return 'a ring is not closed';
  }
  return null;
}

function polygonal(g: Geometry | null | undefined, props: Record<string, unknown>, kind: ZoneKind): ZoneGeometry | string {
  if (!g || typeof g !== 'object') return 'no geometry';
  if (g.type === 'Polygon') return checkRings(g.coordinates) ?? g;
  if (g.type === 'MultiPolygon') {
    if (g.coordinates.length === 0) return 'empty MultiPolygon';
    for (const poly of g.coordinates) {
      const bad = checkRings(poly);
      if (bad) return bad;
    }
    return g;
  }
  if (g.type === 'LineString' || g.type === 'MultiLineString') {
    if (kind !== 'pipeline-corridor') return `a ${g.type} is only allowed for pipeline-corridor zones`;
    const bufferM = props.bufferM;
    if (typeof bufferM !== 'number' || !Number.isFinite(bufferM) || !(bufferM > 0)) return 'a corridor line needs a positive bufferM (metres)';
    if (bufferM > ZONE_LIMITS.maxBufferM) return `bufferM ${bufferM} is over the limit of ${ZONE_LIMITS.maxBufferM} m`;
    const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
    for (const line of lines) {
      if (line.length < 2) return 'a corridor line has fewer than 2 positions';
      for (const p of line) {
        const bad = checkPosition(p);
        if (bad) return bad;
      }
    }
    const b = buffer(g, bufferM, { units: 'meters', steps: 8 });
    if (!b || (b.geometry.type !== 'Polygon' && b.geometry.type !== 'MultiPolygon')) return 'buffering the corridor failed';
    return b.geometry;
  }
  if (g.type === 'Point') {
    const radiusM = props.radiusM;
    if (typeof radiusM !== 'number' || !Number.isFinite(radiusM) || !(radiusM > 0)) return 'a Point zone needs a positive radiusM (metres)';
    if (radiusM > ZONE_LIMITS.maxRadiusM) return `radiusM ${radiusM} is over the limit of ${ZONE_LIMITS.maxRadiusM} m`;
    const bad = checkPosition(g.coordinates);
    if (bad) return bad;
    return circle(g.coordinates, radiusM, { units: 'meters', steps: 64 }).geometry;
  }
  return `geometry type ${g.type} is not a zone`;
}

/** The geometry as it will be stored (after buffering or drawing): valid WGS84, closed, not too big. */
function checkMade(g: ZoneGeometry): string | null {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let count = 0;
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of polygons) {
    const bad = checkRings(rings);
    if (bad) return `the zone as drawn is not valid: ${bad}`;
    for (const ring of rings) {
      count += ring.length;
      for (const [lon, lat] of ring) {
        minLon = Math.min(minLon, lon!);
        maxLon = Math.max(maxLon, lon!);
        minLat = Math.min(minLat, lat!);
        maxLat = Math.max(maxLat, lat!);
      }
    }
  }
  if (count > ZONE_LIMITS.maxPositions) return `the zone has ${count} positions, over the limit of ${ZONE_LIMITS.maxPositions}`;
  if (maxLon - minLon > ZONE_LIMITS.maxExtentDeg || maxLat - minLat > ZONE_LIMITS.maxExtentDeg) {
    return `the zone spans ${(maxLon - minLon).toFixed(2)}° x ${(maxLat - minLat).toFixed(2)}°, over the limit of ${ZONE_LIMITS.maxExtentDeg}°`;
  }
  return null;
}

/** Validates and normalises zones; throws BadInputError('invalid_zone') naming the first bad feature. */
export function validateZones(input: unknown): Zone[] {
  const fc = input as { type?: unknown; features?: unknown };
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new BadInputError('invalid_zone', 'zones must be a GeoJSON FeatureCollection');
  }
  const seen = new Set<string>();
  return (fc.features as Feature[]).map((f, index) => {
    const props = (f?.properties ?? {}) as Record<string, unknown>;
    const name = props.name;
    const rawId = f?.id ?? props.id;
    if (!f || f.type !== 'Feature') fail(index, name, rawId, 'not a GeoJSON Feature');
    if (typeof rawId !== 'string' && typeof rawId !== 'number') fail(index, name, rawId, 'no id (feature.id or properties.id)');
    const id = String(rawId);
    if (seen.has(id)) fail(index, name, id, `duplicate id ${id}`);
    seen.add(id);
    if (typeof name !== 'string' || name.trim() === '') fail(index, name, id, 'no name');
    if (name.length > TEXT_LIMITS.name) fail(index, name.slice(0, 40), id, `the name is longer than ${TEXT_LIMITS.name} characters`);
    if (id.length > TEXT_LIMITS.id) fail(index, name, id.slice(0, 40), `the id is longer than ${TEXT_LIMITS.id} characters`);
    if (!isKind(props.kind)) fail(index, name, id, `unknown kind ${JSON.stringify(props.kind)} (expected one of ${ZONE_KINDS.join(', ')})`);
    const kind = props.kind;
    const geometry = polygonal(f.geometry, props, kind);
    if (typeof geometry === 'string') fail(index, name, id, geometry);
    const made = checkMade(geometry);
    if (made) fail(index, name, id, made);
    // Per polygon: parts of a MultiPolygon may touch at points (DataV's Hekou island does), which is valid.
    const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    if (parts.some((coordinates) => kinks({ type: 'Polygon', coordinates }).features.length > 0)) fail(index, name, id, 'self-intersecting geometry');
    const pi = props.patrolIntervalDays;
    if (pi !== undefined && pi !== null && (typeof pi !== 'number' || !Number.isFinite(pi) || pi < ZONE_LIMITS.minPatrolIntervalDays || pi > ZONE_LIMITS.maxPatrolIntervalDays)) {
      fail(index, name, id, `patrolIntervalDays must be a number from ${ZONE_LIMITS.minPatrolIntervalDays} to ${ZONE_LIMITS.maxPatrolIntervalDays}`);
    }
    const properties: ZoneProperties = { ...props, id, kind, name };
    if (f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString') properties.centerline = f.geometry;
    return { type: 'Feature', id, properties, geometry } satisfies Zone;
  });
}
