import { describe, expect, it } from 'vitest';
import { planReviewTiles, verdictOf, type ReviewedBox } from '../../../models/training-export/review-tiles.plan.ts';

const box = (verdict: ReviewedBox['verdict'], x: number, y: number, w = 40, h = 30, cls = 'excavator'): ReviewedBox => ({ class: cls, bbox: [x, y, w, h], verdict });

describe('verdictOf', () => {
  it('reads a confirmed case, and every status after confirmation, as a hazard; a dismissed one as a false alarm', () => {
    for (const s of ['confirmed', 'dispatched', 'rectified', 'verified', 'closed']) expect(verdictOf(s)).toBe('hazard');
    expect(verdictOf('dismissed')).toBe('false_alarm');
    for (const s of ['new', null, undefined, 'something-else']) expect(verdictOf(s)).toBe('unreviewed');
  });
});

describe('planReviewTiles', () => {
  it('cuts a tile around a dismissed box, clamped inside the photo, as a hard negative', () => {
    const { tiles, leftOut } = planReviewTiles(2000, 1500, [box('false_alarm', 1950, 20)], { tileSize: 640 });
    expect(tiles).toEqual([{ x: 1360, y: 0, size: 640, objects: [], falseAlarms: 1, shows: [0] }]);
    expect(leftOut).toEqual([]);
  });

  it('labels a confirmed hazard with its box relative to the tile', () => {
    const { tiles } = planReviewTiles(2000, 1500, [box('hazard', 1000, 700, 40, 30, 'tanker_truck')], { tileSize: 640 });
    expect(tiles).toHaveLength(1);
    const t = tiles[0]!;
    expect(t.objects).toEqual([{ class: 'tanker_truck', bbox: [1000 - t.x, 700 - t.y, 40, 30] }]);
    expect(t.x).toBe(700);
    expect(t.y).toBe(395);
  });

  it('refuses a tile that shows a box nobody reviewed: it may be a hazard the tile would teach as background', () => {
    const { tiles, leftOut } = planReviewTiles(2000, 1500, [box('false_alarm', 1000, 700), box('unreviewed', 1200, 800)], { tileSize: 640 });
    expect(tiles).toEqual([]);
    expect(leftOut).toEqual([0]);
  });

  it('refuses a tile that would cut a confirmed hazard in part, and keeps one that holds it whole', () => {
    // the hazard (x 1100-1300) is cut by a 400 px tile around the false alarm (x 820-1220), whole in a 640 px one
    const boxes = [box('false_alarm', 1000, 700), box('hazard', 1100, 700, 200, 40)];
    const small = planReviewTiles(3000, 2000, boxes, { tileSize: 400 });
    // no hard-negative tile around the false alarm; the hazard's own tile shows both
    expect(small.tiles.map((t) => [t.x, t.objects.length, t.falseAlarms])).toEqual([[1000, 1, 1]]);
    const large = planReviewTiles(3000, 2000, boxes, { tileSize: 640 });
    expect(large.tiles).toHaveLength(1);
    expect(large.tiles[0]).toMatchObject({ falseAlarms: 1, shows: [0, 1] });
    expect(large.tiles[0]!.objects.map((o) => o.class)).toEqual(['excavator']);
  });

  it('gives boxes already inside a tile no second tile, and a box bigger than the tile a bigger one', () => {
    const near = planReviewTiles(2000, 1500, [box('false_alarm', 1000, 700), box('false_alarm', 1100, 750)], { tileSize: 640 });
    expect(near.tiles).toHaveLength(1);
    expect(near.tiles[0]!.falseAlarms).toBe(2);
    const big = planReviewTiles(3000, 2000, [box('hazard', 500, 500, 800, 300, 'steel_shed')], { tileSize: 640 });
    expect(big.tiles[0]!.size).toBe(1000);
    expect(big.tiles[0]!.objects[0]!.bbox).toEqual([100, 350, 800, 300]);
  });

  it('fits the tile to a photo smaller than the tile, and leaves out a box longer than the photo is high', () => {
    const small = planReviewTiles(500, 400, [box('false_alarm', 10, 10)], { tileSize: 640 });
    expect(small.tiles).toEqual([{ x: 0, y: 0, size: 400, objects: [], falseAlarms: 1, shows: [0] }]);
    const wide = planReviewTiles(1000, 300, [box('hazard', 100, 50, 700, 100, 'tanker_truck')], { tileSize: 640 });
    expect(wide.tiles).toEqual([]);
    expect(wide.leftOut).toEqual([0]);
  });

  it('cuts nothing for a photo with only unreviewed boxes', () => {
    expect(planReviewTiles(2000, 1500, [box('unreviewed', 100, 100)])).toEqual({ tiles: [], leftOut: [] });
  });
});
