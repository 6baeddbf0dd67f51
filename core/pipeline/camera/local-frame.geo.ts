/**
 * A local east-north tangent plane around an origin, on the WGS84 ellipsoid. Within a few kilometres of
 * the origin (a photo's footprint, a zone's neighbourhood) its error is centimetres, which is far below
 * the error of a drone's pose, so nothing heavier (ECEF, proj4) is needed.
 */

const A = 6378137; // WGS84 semi-major axis, m
const E2 = 6.69437999014e-3; // WGS84 first eccentricity squared
const DEG = Math.PI / 180;

/** Metres per degree of latitude and of longitude at a latitude (meridional and prime-vertical radii). */
export function metresPerDegree(lat: number): { mPerDegLat: number; mPerDegLon: number } {
  const s = Math.sin(lat * DEG);
  const w = 1 - E2 * s * s;
  const meridional = (A * (1 - E2)) / (w * Math.sqrt(w));
  const primeVertical = A / Math.sqrt(w);
  return { mPerDegLat: meridional * DEG, mPerDegLon: primeVertical * Math.cos(lat * DEG) * DEG };
}

/** A tangent plane: converts lon/lat to east/north metres from its origin and back. */
export interface LocalFrame {
  readonly lat0: number;
  readonly lon0: number;
  toEN(lon: number, lat: number): [east: number, north: number];
  toLonLat(east: number, north: number): [lon: number, lat: number];
}

/** Builds the tangent plane at (lon0, lat0). */
export function localFrame(lon0: number, lat0: number): LocalFrame {
  const { mPerDegLat, mPerDegLon } = metresPerDegree(lat0);
  return {
    lat0,
    lon0,
    toEN: (lon, lat) => [(lon - lon0) * mPerDegLon, (lat - lat0) * mPerDegLat],
    toLonLat: (east, north) => [lon0 + east / mPerDegLon, lat0 + north / mPerDegLat],
  };
}

/** Ground distance in metres between two nearby points (tangent plane at the first). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const [e, n] = localFrame(lon1, lat1).toEN(lon2, lat2);
  return Math.hypot(e, n);
}
