/**
 * A tiny JPEG segment walker: finds the frame size (SOF) and where the main image's EOI sits, without
 * decoding anything. Used for the true pixel size (EXIF width/height can be stale after a resize, as in
 * the ODM-downsampled Inspire 1 file) and to tell a truncated JPEG from a complete one.
 */

/** What the walk found. `eoiEnd` is the offset just past the main image's EOI, or null if it never came. */
export interface JpegStructure {
  width: number | null;
  height: number | null;
  eoiEnd: number | null;
  /** Colour components of the frame (1 = greyscale, 3 = colour); null before a frame header. */
  components: number | null;
  /** APPn segments before the image data, in file order: marker (0xE0..0xEF), payload offset and length. */
  appSegments: JpegSegment[];
}

/** One APPn segment: `offset` is where its payload starts (after the length field), `length` the payload size. */
export interface JpegSegment {
  marker: number;
  offset: number;
  length: number;
}

/** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Markers with no length field. */
const isStandalone = (m: number): boolean => (m >= 0xd0 && m <= 0xd7) || m === 0x01 || m === 0xd8;

/**
 * Walks the segments of a JPEG from SOI to the first EOI. Entropy-coded data after each SOS is skipped by
 * scanning for the next real marker (0xFF not followed by 0x00 stuffing or an RSTn). Anything after the
 * first EOI (MPF previews that DJI appends, vendor trailers) is ignored on purpose: it is not the photo.
 * Returns eoiEnd null when the data ends first, i.e. the file is truncated.
 */
export function readJpegStructure(bytes: Uint8Array): JpegStructure {
  const out: JpegStructure = { width: null, height: null, eoiEnd: null, components: null, appSegments: [] };
  const n = bytes.length;
  if (n < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return out;
  let pos = 2;
  while (pos < n) {
    if (bytes[pos] !== 0xff) {
      pos++; // tolerate garbage between segments, as decoders do
      continue;
    }
    while (pos < n && bytes[pos] === 0xff) pos++; // fill bytes
    if (pos >= n) break;
    const marker = bytes[pos++]!;
    if (marker === 0xd9) {
      out.eoiEnd = pos;
      return out;
    }
    if (isStandalone(marker)) continue;
    if (pos + 2 > n) break;
    const len = (bytes[pos]! << 8) | bytes[pos + 1]!;
    if (len < 2) break;
    if (isSof(marker) && out.width === null && pos + 7 <= n) {
      out.height = (bytes[pos + 3]! << 8) | bytes[pos + 4]!;
      out.width = (bytes[pos + 5]! << 8) | bytes[pos + 6]!;
      if (pos + 8 <= n) out.components = bytes[pos + 7]!;
    }
    if (marker >= 0xe0 && marker <= 0xef) out.appSegments.push({ marker, offset: pos + 2, length: Math.min(len - 2, n - pos - 2) });
    pos += len;
    if (marker === 0xda) pos = skipEntropyData(bytes, pos);
  }
  return out;
}

/** Offset of the first real marker after entropy-coded data (or the end of the data). */
function skipEntropyData(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  for (let i = from; i + 1 < n; i++) {
    if (bytes[i] !== 0xff) continue;
    const next = bytes[i + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    return i;
  }
  return n;
}
