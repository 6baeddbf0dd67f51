/**
 * Decoders for the two accepted output layouts. Pure: they read a flat Float32Array plus its dims and
 * return boxes as corners in MODEL-INPUT pixels, filtered by per-class minimum score.
 *
 * - `yolov8`: Ultralytics YOLOv8/YOLO11 detect head, [1, 4+nc, N], rows cx, cy, w, h, then nc class
 *   scores (already sigmoid). [1, N, 4+nc] (transposed by some exporters) is accepted too.
 * - `end2end`: [1, N, 6] rows x1, y1, x2, y2, score, class (NMS already inside the model).
 */
import type { Corners } from './letterbox.math.ts';

export type OutputLayout = 'yolov8' | 'end2end';

/** A scored, classed box. `view` tells which tile / pass produced it (set by the detector). */
export interface ScoredBox extends Corners {
  score: number;
  classId: number;
  view?: number;
}

/**
 * Decodes an Ultralytics [1, 4+nc, N] (or [1, N, 4+nc]) tensor. For each candidate the best class is
 * taken (Ultralytics' single-label default) and kept when its score reaches `minScores[class]`.
 */
export function decodeYolov8(data: ArrayLike<number>, dims: readonly number[], minScores: ArrayLike<number>): ScoredBox[] {
  const nc = minScores.length;
  const rows = 4 + nc;
  if (dims.length !== 3 || dims[0] !== 1) throw new RangeError(`yolov8 output must be [1, ${rows}, N], got [${dims.join(', ')}]`);
  const [, d1 = 0, d2 = 0] = dims;
  // Channel-first is the Ultralytics export; the transposed form is only chosen when unambiguous.
  const channelFirst = d1 === rows;
  if (!channelFirst && d2 !== rows) throw new RangeError(`yolov8 output must be [1, ${rows}, N] for ${nc} classes, got [${dims.join(', ')}]`);
  const n = channelFirst ? d2 : d1;
  if (data.length !== rows * n) throw new RangeError(`yolov8 output has ${data.length} values, dims say ${rows * n}`);
  const at = channelFirst ? (r: number, i: number) => data[r * n + i]! : (r: number, i: number) => data[i * rows + r]!;
  const out: ScoredBox[] = [];
  for (let i = 0; i < n; i++) {
    let best = -1;
    let score = -Infinity;
    for (let c = 0; c < nc; c++) {
      const s = at(4 + c, i);
      if (s > score) {
        score = s;
        best = c;
      }
    }
    if (best < 0 || !(score >= minScores[best]!)) continue;
    const cx = at(0, i);
    const cy = at(1, i);
    const hw = at(2, i) / 2;
    const hh = at(3, i) / 2;
    out.push({ x1: cx - hw, y1: cy - hh, x2: cx + hw, y2: cy + hh, score, classId: best });
  }
  return out;
}

/**
 * Decodes an end-to-end [1, N, 6] tensor (x1, y1, x2, y2, score, class). Rows with a class outside
 * `0..nc-1` (padding rows of some exporters use -1) are dropped.
 */
export function decodeEnd2end(data: ArrayLike<number>, dims: readonly number[], minScores: ArrayLike<number>): ScoredBox[] {
  if (dims.length !== 3 || dims[0] !== 1 || dims[2] !== 6) throw new RangeError(`end2end output must be [1, N, 6], got [${dims.join(', ')}]`);
  const n = dims[1]!;
  if (data.length !== n * 6) throw new RangeError(`end2end output has ${data.length} values, dims say ${n * 6}`);
  const out: ScoredBox[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * 6;
    const classId = Math.round(data[o + 5]!);
    const score = data[o + 4]!;
    if (classId < 0 || classId >= minScores.length || !(score >= minScores[classId]!)) continue;
    out.push({ x1: data[o]!, y1: data[o + 1]!, x2: data[o + 2]!, y2: data[o + 3]!, score, classId });
  }
  return out;
}

/** Dispatches on the manifest's layout. */
export function decodeOutput(layout: OutputLayout, data: ArrayLike<number>, dims: readonly number[], minScores: ArrayLike<number>): ScoredBox[] {
  return layout === 'yolov8' ? decodeYolov8(data, dims, minScores) : decodeEnd2end(data, dims, minScores);
}
