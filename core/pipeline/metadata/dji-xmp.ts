/**
 * Finds DJI's drone-dji XMP fields in exifr output, whatever namespace address the file used: the classic
 * http://www.dji.com/drone-dji/1.0/ or the Dock 3 era http://www.uav.com/drone-dji/1.0/ (exiftool files the
 * latter under "XMP-tmp0"; exifr keys groups by prefix, so both land under "drone-dji").
 */
import { exifrSidecar } from './exifr-lib.ts';
import { type Bag, isBag } from './meta-values.ts';

/** Local names only DJI's drone-dji namespace uses; a group holding two of them is DJI's whatever its prefix. */
const DJI_LOCAL_NAMES = ['GpsLatitude', 'AbsoluteAltitude', 'RelativeAltitude', 'GimbalPitchDegree', 'FlightYawDegree'];

/** The drone-dji group of an exifr result, or null. */
export function findDjiGroup(out: Bag): Bag | null {
  const xmlns = isBag(out.xmlns) ? out.xmlns : {};
  for (const [key, val] of Object.entries(out)) {
    if (!isBag(val)) continue;
    const uri = xmlns[key];
    if (key.toLowerCase().includes('drone-dji') || (typeof uri === 'string' && uri.includes('/drone-dji/'))) return val;
  }
  for (const val of Object.values(out)) {
    if (isBag(val) && DJI_LOCAL_NAMES.filter((k) => k in val).length >= 2) return val;
  }
  return null;
}

const OPEN = Buffer.from('<x:xmpmeta');
const CLOSE = Buffer.from('</x:xmpmeta>');

/**
 * Parses an XMP packet exifr's JPEG reader did not see: some DJI files (the Mavic 3 sample) keep it inside
 * the EXIF block as TIFF tag 700 rather than in its own APP1 segment. The packet is found by its
 * <x:xmpmeta> wrapper and handed to exifr's XMP parser. Returns null when there is none.
 */
export async function parseEmbeddedXmp(bytes: Uint8Array): Promise<Bag | null> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = buf.indexOf(OPEN);
  if (start < 0) return null;
  const end = buf.indexOf(CLOSE, start);
  if (end < 0) return null;
  const parsed: unknown = await exifrSidecar(buf.subarray(start, end + CLOSE.length));
  return isBag(parsed) ? parsed : null;
}
