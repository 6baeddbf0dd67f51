/**
 * Writes an RGB region into a planar float tensor [1, 3, H, W] (RGB, 0..1) with letterbox padding 114.
 * Pure over typed arrays, so tiles are cut straight out of one decoded photo without re-decoding, and the
 * destination buffer is reused between tiles.
 */

const PAD = 114 / 255;
const INV255 = 1 / 255;

/** A rectangle inside an interleaved RGB buffer. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Fills `dst` (length 3*inW*inH) with padding, then copies `rect` of the interleaved RGB buffer `rgb`
 * (row length `rgbW` pixels) to position (`padX`, `padY`) of the planar tensor, scaled to 0..1.
 */
export function fillTensor(dst: Float32Array, rgb: Uint8Array, rgbW: number, rect: Rect, padX: number, padY: number, inW: number, inH: number): void {
  const plane = inW * inH;
  if (dst.length !== 3 * plane) throw new RangeError(`tensor buffer has ${dst.length} floats, need ${3 * plane}`);
  if (padX < 0 || padY < 0 || padX + rect.w > inW || padY + rect.h > inH) throw new RangeError('region does not fit the input');
  if (rect.w < inW || rect.h < inH) dst.fill(PAD);
  for (let row = 0; row < rect.h; row++) {
    let s = ((rect.y + row) * rgbW + rect.x) * 3;
    let d = (padY + row) * inW + padX;
    for (let col = 0; col < rect.w; col++, s += 3, d++) {
      dst[d] = rgb[s]! * INV255;
      dst[d + plane] = rgb[s + 1]! * INV255;
      dst[d + 2 * plane] = rgb[s + 2]! * INV255;
    }
  }
}
