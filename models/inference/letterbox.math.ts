/**
 * Letterbox geometry, Ultralytics style: scale a region to fit the model input keeping its aspect ratio,
 * centre it, pad the rest (pixel value 114). Pure numbers, so the forward and inverse maps are testable
 * without sharp or onnxruntime.
 */

/** Where a source region lands inside the model input. */
export interface Letterbox {
  /** Resized size of the region inside the input (integers). */
  newW: number;
  newH: number;
  /** Left and top padding in input pixels (integers). */
  padX: number;
  padY: number;
  /** Exact per-axis scale newW / srcW and newH / srcH (rounding makes them differ slightly). */
  scaleX: number;
  scaleY: number;
}

/**
 * The letterbox of a `srcW` x `srcH` region into a `dstW` x `dstH` input. With `scaleUp` (Ultralytics'
 * predictor default) a small region is enlarged to fill the input; without it (the default here, as in
 * YOLOv5's evaluation loader) it keeps its size and is centred in padding: enlarging a thumbnail 10x invents
 * nothing but blur, at a scale the detector was never trained on. Padding splits as `floor` left/top, the
 * rest right/bottom, which is what Ultralytics' `round(d - 0.1)` yields.
 */
export function letterbox(srcW: number, srcH: number, dstW: number, dstH: number, opts: { scaleUp?: boolean } = {}): Letterbox {
  if (!(srcW > 0 && srcH > 0 && dstW > 0 && dstH > 0)) throw new RangeError(`letterbox of ${srcW}x${srcH} into ${dstW}x${dstH}`);
  const fit = Math.min(dstW / srcW, dstH / srcH);
  const r = opts.scaleUp ? fit : Math.min(1, fit);
  // Clamp so float noise can never make the resized region exceed the input.
  const newW = Math.min(dstW, Math.max(1, Math.round(srcW * r)));
  const newH = Math.min(dstH, Math.max(1, Math.round(srcH * r)));
  return { newW, newH, padX: Math.floor((dstW - newW) / 2), padY: Math.floor((dstH - newH) / 2), scaleX: newW / srcW, scaleY: newH / srcH };
}

/** A box as corners, the working form of post-processing. */
export interface Corners {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Maps a box from model-input pixels back to original-image pixels: undo the padding and scale, then add
 * the offset of the region (tile) the input was made from.
 */
export function unletterbox<T extends Corners>(box: T, lb: Letterbox, offsetX = 0, offsetY = 0): T {
  return {
    ...box,
    x1: (box.x1 - lb.padX) / lb.scaleX + offsetX,
    y1: (box.y1 - lb.padY) / lb.scaleY + offsetY,
    x2: (box.x2 - lb.padX) / lb.scaleX + offsetX,
    y2: (box.y2 - lb.padY) / lb.scaleY + offsetY,
  };
}

/** Clips a box to `[0, w] x [0, h]`. */
export function clipBox<T extends Corners>(box: T, w: number, h: number): T {
  const c = (v: number, max: number): number => Math.min(max, Math.max(0, v));
  return { ...box, x1: c(box.x1, w), y1: c(box.y1, h), x2: c(box.x2, w), y2: c(box.y2, h) };
}
