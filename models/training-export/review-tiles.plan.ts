/**
 * Which parts of a reviewed photo can teach a model, and what they teach. Officers' decisions are the
 * only real labels a deployment gets: a box in a confirmed case is a hazard, a box in a dismissed case a
 * false alarm (background the model must learn to leave alone). A square tile is cut around each reviewed
 * box; a tile is refused when it holds a box nobody has reviewed (it may be a real hazard, and a tile
 * without its label would teach the model to miss it) or cuts a confirmed hazard in part (half a hazard
 * would be taught as background). Pure: pixels in, tiles out.
 */

/** An officer's verdict on a box, from the status of the case its finding belongs to. */
export type ReviewVerdict = 'hazard' | 'false_alarm' | 'unreviewed';

const HAZARD_STATUSES: ReadonlySet<string> = new Set(['confirmed', 'dispatched', 'rectified', 'verified', 'closed']);

/** A case confirmed (and anything after confirmation) makes its boxes hazards; a dismissed one, false alarms. */
export function verdictOf(caseStatus: string | null | undefined): ReviewVerdict {
  if (caseStatus === 'dismissed') return 'false_alarm';
  return caseStatus && HAZARD_STATUSES.has(caseStatus) ? 'hazard' : 'unreviewed';
}

export type Box = [x: number, y: number, w: number, h: number];

export interface ReviewedBox {
  class: string;
  bbox: Box;
  verdict: ReviewVerdict;
}

/** A square tile of the photo and the hazards inside it (boxes relative to the tile). */
export interface TrainingTile {
  x: number;
  y: number;
  size: number;
  objects: Array<{ class: string; bbox: Box }>;
  /** How many dismissed boxes the tile shows (the reason it was cut, if it holds no hazard). */
  falseAlarms: number;
  /** Indices (into the boxes given) of the reviewed boxes the tile shows, whole or in part. */
  shows: number[];
}

/** The tiles, and the reviewed boxes none of them holds whole (indices into the boxes given). */
export interface TilePlan {
  tiles: TrainingTile[];
  leftOut: number[];
}

export interface TilePlanOptions {
  /** Tile side in pixels (default 640, the model's input); a bigger reviewed box gets a bigger tile. */
  tileSize?: number;
}

const intersection = (a: Box, x: number, y: number, size: number): number => {
  const w = Math.min(a[0] + a[2], x + size) - Math.max(a[0], x);
  const h = Math.min(a[1] + a[3], y + size) - Math.max(a[1], y);
  return w > 0 && h > 0 ? w * h : 0;
};
const inside = (a: Box, x: number, y: number, size: number): boolean =>
  a[0] >= x && a[1] >= y && a[0] + a[2] <= x + size && a[1] + a[3] <= y + size;

/** Tiles around the reviewed boxes of one photo (`width` x `height` pixels); a box already inside a tile gets no second one. */
export function planReviewTiles(width: number, height: number, boxes: readonly ReviewedBox[], opts: TilePlanOptions = {}): TilePlan {
  const tileSize = opts.tileSize ?? 640;
  const tiles: TrainingTile[] = [];
  for (const box of boxes) {
    if (box.verdict === 'unreviewed') continue;
    if (tiles.some((t) => inside(box.bbox, t.x, t.y, t.size))) continue;
    const [bx, by, bw, bh] = box.bbox;
    const size = Math.floor(Math.min(Math.max(tileSize, Math.ceil(1.25 * Math.max(bw, bh))), width, height));
    if (bw > size || bh > size) continue; // longer than the photo's short side: no square tile holds it
    const clamp = (v: number, max: number) => Math.round(Math.min(Math.max(v, 0), max));
    const x = clamp(bx + bw / 2 - size / 2, width - size);
    const y = clamp(by + bh / 2 - size / 2, height - size);
    const touching = boxes.flatMap((b, i) => (intersection(b.bbox, x, y, size) > 0 ? [i] : []));
    if (touching.some((i) => boxes[i]!.verdict === 'unreviewed' || (boxes[i]!.verdict === 'hazard' && !inside(boxes[i]!.bbox, x, y, size)))) continue;
    const hazards = touching.filter((i) => boxes[i]!.verdict === 'hazard').map((i) => boxes[i]!);
    tiles.push({
      x,
      y,
      size,
      objects: hazards.map((b) => ({ class: b.class, bbox: [b.bbox[0] - x, b.bbox[1] - y, b.bbox[2], b.bbox[3]] })),
      falseAlarms: touching.length - hazards.length,
      shows: touching,
    });
  }
  const leftOut = boxes.flatMap((b, i) => (b.verdict !== 'unreviewed' && !tiles.some((t) => inside(b.bbox, t.x, t.y, t.size)) ? [i] : []));
  return { tiles, leftOut };
}
