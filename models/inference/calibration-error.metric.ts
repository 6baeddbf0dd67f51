/**
 * How honest scores are: every detection is matched greedily, best score first, to an unmatched labelled
 * box of its class at IoU >= the threshold (right) or not (wrong); the expected calibration error (ECE)
 * is the share-weighted gap between accuracy and mean score over equal-width score bins. The Python
 * calibration script (models/training/calibrate_temperature.py) computes the same on its side. Pure.
 */
import type { EvalImage } from './average-precision.metric.ts';
import { iou } from './boxes.nms.ts';

export interface ScoredOutcome {
  score: number;
  correct: boolean;
}

const corners = (b: readonly number[]) => ({ x1: b[0]!, y1: b[1]!, x2: b[0]! + b[2]!, y2: b[1]! + b[3]! });

/** Each detection's score and whether it found a labelled object (one detection per object). */
export function scoredOutcomes(images: readonly EvalImage[], iouThreshold = 0.5): ScoredOutcome[] {
  const out: ScoredOutcome[] = [];
  for (const img of images) {
    const used = new Set<number>();
    for (const d of [...img.detections].sort((a, b) => b.score - a.score)) {
      let best = -1;
      let bestIou = iouThreshold;
      img.truth.forEach((t, j) => {
        if (used.has(j) || t.class !== d.class) return;
        const v = iou(corners(d.bbox), corners(t.bbox));
        if (v >= bestIou) [best, bestIou] = [j, v];
      });
      if (best >= 0) used.add(best);
      out.push({ score: d.score, correct: best >= 0 });
    }
  }
  return out;
}

/** ECE over `bins` equal-width bins of (0, 1]; null without outcomes. */
export function expectedCalibrationError(outcomes: readonly ScoredOutcome[], bins = 15): number | null {
  if (outcomes.length === 0) return null;
  let total = 0;
  for (let k = 0; k < bins; k++) {
    const lo = k / bins;
    const hi = (k + 1) / bins;
    const inBin = outcomes.filter((o) => (k === 0 ? o.score >= 0 : o.score > lo) && o.score <= hi);
    if (inBin.length === 0) continue;
    const acc = inBin.filter((o) => o.correct).length / inBin.length;
    const conf = inBin.reduce((s, o) => s + o.score, 0) / inBin.length;
    total += (inBin.length / outcomes.length) * Math.abs(acc - conf);
  }
  return Math.round(total * 1e4) / 1e4;
}
