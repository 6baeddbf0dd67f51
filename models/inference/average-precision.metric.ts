/**
 * Detection quality: VOC-style all-points average precision at an IoU threshold, per class and mean.
 * Pure; boxes are [x, y, w, h] in the same pixels for truth and detections.
 */
import type { Detection } from '../../core/domain.ts';
import { iou } from './boxes.nms.ts';

/** A labelled object. */
export interface TruthBox {
  class: string;
  bbox: [number, number, number, number];
}

/** One image's truth and detections. */
export interface EvalImage {
  truth: readonly TruthBox[];
  detections: readonly Detection[];
}

/** Per-class result; `ap` is null where the class has no labelled objects (excluded from the mean). */
export interface ClassAp {
  ap: number | null;
  truths: number;
  detections: number;
  truePositives: number;
  /** Recall over all detections of the class (at any score). */
  recall: number | null;
}

export interface ApReport {
  map: number | null;
  iouThreshold: number;
  perClass: Record<string, ClassAp>;
}

const corners = (b: readonly number[]) => ({ x1: b[0]!, y1: b[1]!, x2: b[0]! + b[2]!, y2: b[1]! + b[3]! });

/**
 * All-points interpolated AP (VOC 2010+): precision made monotone from the right, then the area under
 * the recall/precision step curve. `recalls` ascending, same length as `precisions`.
 */
export function allPointsAp(recalls: readonly number[], precisions: readonly number[]): number {
  const r = [0, ...recalls, 1];
  const p = [0, ...precisions, 0];
  for (let i = p.length - 2; i >= 0; i--) p[i] = Math.max(p[i]!, p[i + 1]!);
  let ap = 0;
  for (let i = 1; i < r.length; i++) ap += (r[i]! - r[i - 1]!) * p[i]!;
  return ap;
}

/**
 * Matches detections to truths per class (highest score first, each truth matched once, best IoU
 * >= `iouThreshold`), then computes AP per class and their mean over classes that have truths.
 */
export function evaluateAp(images: readonly EvalImage[], classes: readonly string[], iouThreshold = 0.5): ApReport {
  const perClass: Record<string, ClassAp> = {};
  for (const cls of classes) {
    const dets: { score: number; img: number; box: ReturnType<typeof corners> }[] = [];
    const truths = images.map((im) => im.truth.filter((t) => t.class === cls).map((t) => corners(t.bbox)));
    const used = truths.map((t) => new Array<boolean>(t.length).fill(false));
    images.forEach((im, img) => {
      for (const d of im.detections) if (d.class === cls) dets.push({ score: d.score, img, box: corners(d.bbox) });
    });
    dets.sort((a, b) => b.score - a.score);
    const nTruth = truths.reduce((s, t) => s + t.length, 0);
    let tp = 0;
    const recalls: number[] = [];
    const precisions: number[] = [];
    dets.forEach((d, k) => {
      let best = -1;
      let bestIou = iouThreshold;
      truths[d.img]!.forEach((t, j) => {
        const v = iou(d.box, t);
        if (v >= bestIou && !used[d.img]![j]) {
          bestIou = v;
          best = j;
        }
      });
      if (best >= 0) {
        used[d.img]![best] = true;
        tp++;
      }
      recalls.push(nTruth ? tp / nTruth : 0);
      precisions.push(tp / (k + 1));
    });
    perClass[cls] = {
      ap: nTruth ? allPointsAp(recalls, precisions) : null,
      truths: nTruth,
      detections: dets.length,
      truePositives: tp,
      recall: nTruth ? tp / nTruth : null,
    };
  }
  const aps = Object.values(perClass).flatMap((c) => (c.ap === null ? [] : [c.ap]));
  return { map: aps.length ? aps.reduce((a, b) => a + b, 0) / aps.length : null, iouThreshold, perClass };
}
