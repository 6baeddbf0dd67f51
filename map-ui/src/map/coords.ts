/**
 * Display coordinates. Data is WGS84; an AMap-style basemap is GCJ-02, so when the config says
 * gcj02 every overlay is shifted on the way to the screen and map bounds are shifted back on the way
 * to the API (DOMAIN.md "Coordinates").
 */
import gcoordImport from 'gcoord';

type Gcoord = typeof gcoordImport.default;
// gcoord ships ESM with a default export but CJS typings; take whichever shape the bundler gave us.
const gcoord: Gcoord = (gcoordImport as unknown as { default?: Gcoord }).default ?? (gcoordImport as unknown as Gcoord);

let gcj02 = false;

/** Set once from the UI config. */
export function setGcj02(on: boolean): void {
  gcj02 = on;
}

/** WGS84 [lat, lon] -> what to draw on the basemap. */
export function toDisplay(lat: number, lon: number): [number, number] {
  if (!gcj02) return [lat, lon];
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02);
  return [y, x];
}

/** A basemap position -> WGS84 [lat, lon] (for bbox queries). */
export function fromDisplay(lat: number, lon: number): [number, number] {
  if (!gcj02) return [lat, lon];
  const [x, y] = gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84);
  return [y, x];
}

/** A WGS84 GeoJSON object ready for L.geoJSON on the current basemap (a converted copy when gcj02). */
export function geoJsonToDisplay<T extends GeoJSON.GeoJSON>(geo: T): T {
  if (!gcj02) return geo;
  return gcoord.transform(structuredClone(geo) as never, gcoord.WGS84, gcoord.GCJ02) as T;
}
