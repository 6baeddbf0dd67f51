/** Small coercions for the loosely typed objects exifr returns. */

export type Bag = Record<string, unknown>;

export const isBag = (v: unknown): v is Bag => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** A finite number from a number or a numeric string ("+21.569"); null otherwise. */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A trimmed string without the NUL padding EXIF strings often carry; null when empty. */
export function str(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.replace(/\0+$/g, '').trim();
  return s === '' ? null : s;
}

/** First byte of an EXIF BYTE/UNDEFINED value that exifr may hand over as a number, array or typed array. */
export function firstByte(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 0 in v) return num((v as Record<number, unknown>)[0]);
  return null;
}

/** A plausible WGS84 position; (0, 0) is what DJI writes without a fix, so it counts as none. */
export function validLatLon(lat: number | null, lon: number | null): lat is number {
  return lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);
}
