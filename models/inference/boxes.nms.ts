/**
 * Class-wise non-maximum suppression and the cross-tile merge. Pure.
 */
import type { Corners } from './letterbox.math.ts';
import type { ScoredBox } from './output.decode.ts';

const area = (b: Corners): number => Math.max(0, b.x2 - b.x1) * Math.max(0, b.y2 - b.y1);

function intersection(a: Corners, b: Corners): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Intersection over union; 0 for disjoint or empty boxes. */
export function iou(a: Corners, b: Corners): number {
  const i = intersection(a, b);
  return i > 0 ? i / (area(a) + area(b) - i) : 0;
}

/** Intersection over the smaller box's area: 1 when one box lies inside the other. */
export function ios(a: Corners, b: Corners): number {
  const i = intersection(a, b);
  return i > 0 ? i / Math.min(area(a), area(b)) : 0;
}

/**
 * Greedy class-wise NMS: highest score first; a box is dropped when it overlaps a kept box of the SAME
 * class with IoU above `iouThreshold`. Boxes of different classes never suppress each other.
 * Returns the kept boxes, highest score first.
 */
export function nmsClasswise<T extends ScoredBox>(boxes: readonly T[], iouThreshold: number): T[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const box of sorted) {
    if (!kept.some((k) => k.classId === box.classId && iou(k, box) > iouThreshold)) kept.push(box);
  }
  return kept;
}

/** Options of {@link mergeViews}. */
export interface MergeOptions {
  /** Same-class boxes overlapping more than this IoU are duplicates (classic NMS). */
  iou: number;
  /**
   * Same-class boxes from DIFFERENT views (tiles / whole-image pass) whose intersection over the smaller
   * box exceeds this are pieces of one object cut by a tile border: they merge into their union.
   * SAHI's default post-process (greedy NMM on IoS 0.5) is the precedent.
   */
  ios: number;
  /** Views seen at reduced resolution (the whole-image pass): their boxes are coarse. */
  coarseViews?: ReadonlySet<number>;
}

/**
 * Merges detections of overlapping views. Highest score (then larger box) first; each kept box absorbs
 * lower-ranked boxes of its class that are duplicates (IoU) or, when no view saw both, fragments (IoS).
 * Geometry comes from the fine (tile) boxes of a cluster: their union, which rebuilds an object cut by
 * tile borders; boxes under half the cluster's score do not widen it. A coarse (whole-image pass) box
 * keeps its own geometry only when the fine union does not agree with it (IoU <= `iou`), e.g. an object
 * larger than any tile seen only in fragments. Passes repeat until nothing merges, because a fragment
 * kept early may only overlap enough once its neighbour has grown. Boxes that share a view merge only on
 * IoU, so two adjacent objects seen in the same tile stay two.
 */
export function mergeViews<T extends ScoredBox>(boxes: readonly T[], opts: MergeOptions): T[] {
  type Cluster = { box: T; fine: Corners | null; views: Set<number | undefined> };
  const isCoarse = (b: T) => b.view !== undefined && (opts.coarseViews?.has(b.view) ?? false);
  const union = (a: Corners | null, b: Corners): Corners =>
    a ? { x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1), x2: Math.max(a.x2, b.x2), y2: Math.max(a.y2, b.y2) } : { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
  const shape = (c: Cluster): T => {
    if (!c.fine || (isCoarse(c.box) && iou(c.fine, c.box) <= opts.iou)) return c.box;
    return { ...c.box, ...c.fine };
  };
  const disjoint = (a: Set<number | undefined>, b: Set<number | undefined>) => ![...a].some((v) => b.has(v));
  let clusters: Cluster[] = boxes.map((box) => ({ box: { ...box }, fine: isCoarse(box) ? null : union(null, box), views: new Set([box.view]) }));
  for (;;) {
    clusters.sort((a, b) => b.box.score - a.box.score || area(b.box) - area(a.box));
    const kept: Cluster[] = [];
    for (const c of clusters) {
      // Match on everything a cluster covers (its coarse box too), report its shape.
      const cs = { ...c.box, ...union(c.fine, c.box) };
      const home = kept.find((k) => {
        const ks = { ...k.box, ...union(k.fine, k.box) };
        return ks.classId === cs.classId && (iou(ks, cs) > opts.iou || (disjoint(k.views, c.views) && ios(ks, cs) > opts.ios));
      });
      if (!home) {
        kept.push(c);
        continue;
      }
      if (c.fine && (c.box.score >= 0.5 * home.box.score || !home.fine)) home.fine = union(home.fine, c.fine);
      for (const v of c.views) home.views.add(v);
    }
    if (kept.length === clusters.length) return kept.map(shape);
    clusters = kept;
  }
}
