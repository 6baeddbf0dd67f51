/**
 * Which regions of a photo the detector looks at. A 4000x3000 photo squeezed into one 640 px input loses
 * small hazards, so the photo is cut into overlapping tiles at (by default) native resolution, plus one
 * whole-image pass so hazards bigger than a tile are seen whole. Pure.
 */

/** A region of the original (oriented) image, in pixels, and its index among the views. */
export interface View {
  index: number;
  kind: 'tile' | 'whole';
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Tiling options; every field optional on the public API, resolved here. */
export interface TilePlanOptions {
  /** Tile width and height in original pixels. Default: the model input size. */
  tileW: number;
  tileH: number;
  /** Fraction of a tile shared with its neighbour, 0 <= overlap < 1. */
  overlap: number;
  /** Add one letterboxed pass over the whole image (only when there is more than one tile). */
  wholeImage: boolean;
  /** false: only the whole-image pass. */
  tiling: boolean;
}

/** Tile starts along one axis: evenly stepped, the last one flush with the far edge. */
export function tileStarts(length: number, tile: number, overlap: number): number[] {
  if (!(overlap >= 0 && overlap < 1)) throw new RangeError(`overlap must be in [0, 1), got ${overlap}`);
  if (length <= tile) return [0];
  const step = Math.max(1, Math.floor(tile * (1 - overlap)));
  const count = Math.ceil((length - tile) / step) + 1;
  // Spread the tiles evenly so the overlap is never below the requested one.
  const stride = (length - tile) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(i * stride));
}

/** The views for an image of `width` x `height`. */
export function planViews(width: number, height: number, o: TilePlanOptions): View[] {
  const whole: View = { index: 0, kind: 'whole', x: 0, y: 0, w: width, h: height };
  if (!o.tiling || (width <= o.tileW && height <= o.tileH)) return [whole];
  const views: View[] = [];
  for (const y of tileStarts(height, o.tileH, o.overlap)) {
    for (const x of tileStarts(width, o.tileW, o.overlap)) {
      views.push({ index: views.length, kind: 'tile', x, y, w: Math.min(o.tileW, width), h: Math.min(o.tileH, height) });
    }
  }
  if (o.wholeImage) views.push({ ...whole, index: views.length });
  return views;
}
