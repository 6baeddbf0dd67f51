import { describe, expect, it } from 'vitest';
import { planViews, tileStarts } from '../../../models/inference/tiles.plan.ts';

const opts = { tileW: 640, tileH: 640, overlap: 0.2, wholeImage: true, tiling: true };

describe('tileStarts', () => {
  it('steps evenly with at least the requested overlap and ends flush', () => {
    // 4000 px, tile 640, step <= 512: ceil((4000-640)/512) + 1 = 8 tiles, stride 3360/7 = 480.
    expect(tileStarts(4000, 640, 0.2)).toEqual([0, 480, 960, 1440, 1920, 2400, 2880, 3360]);
    expect(tileStarts(500, 640, 0.2)).toEqual([0]);
    expect(tileStarts(640, 640, 0.2)).toEqual([0]);
  });
});

describe('planViews', () => {
  it('tiles a 12 MP photo and adds one whole-image pass', () => {
    const views = planViews(4000, 3000, opts);
    // x: 8 starts (above); y: ceil(2360/512)+1 = 6 starts. 48 tiles + 1 whole pass.
    expect(views).toHaveLength(49);
    expect(views.at(-1)).toEqual({ index: 48, kind: 'whole', x: 0, y: 0, w: 4000, h: 3000 });
    expect(views.every((v) => v.x + v.w <= 4000 && v.y + v.h <= 3000)).toBe(true);
    // Every pixel is covered by some tile.
    const covered = (x: number, y: number) => views.some((v) => v.kind === 'tile' && x >= v.x && x < v.x + v.w && y >= v.y && y < v.y + v.h);
    for (const [x, y] of [[0, 0], [3999, 2999], [2000, 1500], [639, 2999], [3361, 10]] as const) expect(covered(x, y)).toBe(true);
  });

  it('uses one view for a photo no bigger than a tile, and without tiling', () => {
    expect(planViews(640, 480, opts)).toEqual([{ index: 0, kind: 'whole', x: 0, y: 0, w: 640, h: 480 }]);
    expect(planViews(4000, 3000, { ...opts, tiling: false })).toHaveLength(1);
  });

  it('can leave out the whole-image pass', () => {
    expect(planViews(1000, 600, { ...opts, wholeImage: false }).every((v) => v.kind === 'tile')).toBe(true);
  });
});
