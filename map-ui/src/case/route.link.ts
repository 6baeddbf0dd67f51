/** A navigation link to a case for the officer's phone (AMap URI API; opens the app when installed). */

/** AMap marker URI for a WGS84 position; `coordinate=wgs84` makes AMap shift it to GCJ-02 itself. */
export function amapRouteUrl(lat: number, lon: number, name: string): string {
  const q = new URLSearchParams({ position: `${lon},${lat}`, name, coordinate: 'wgs84', callnative: '1', src: 'drone-enforcement' });
  return `https://uri.amap.com/marker?${q.toString()}`;
}
