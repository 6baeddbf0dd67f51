import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCamera, type Intrinsics } from '../../../../core/pipeline/camera/camera.model.ts';
import { groundExtentM } from '../../../../core/pipeline/camera/ground-extent.ts';
import { checkGroundSize, groundSizeRangesFor, HAZARD_GROUND_SIZE_M } from '../../../../core/pipeline/camera/ground-size.check.ts';

const K: Intrinsics = { width: 4000, height: 3000, fx: 2000, fy: 2000, cx: 2000, cy: 1500, source: 'focal35' };
const at = { lat: 37.5, lon: 118.5 };

describe('groundExtentM', () => {
  it('is pixels x height / focal straight down: 200 x 100 px from 100 m = 10 m x 5 m, whatever the yaw', () => {
    for (const yawDeg of [0, 37, 90, 200]) {
      const cam = makeCamera(K, { ...at, heightM: 100, yawDeg, pitchDeg: -90, rollDeg: 0 });
      const e = groundExtentM(cam, [1500, 1000, 200, 100])!;
      expect(e.longM).toBeCloseTo(10, 6);
      expect(e.shortM).toBeCloseTo(5, 6);
    }
  });

  it('scales with height: the same box from 20 m is a fifth the size', () => {
    const cam = makeCamera(K, { ...at, heightM: 20, yawDeg: 0, pitchDeg: -90, rollDeg: 0 });
    expect(groundExtentM(cam, [1500, 1000, 200, 100])!.longM).toBeCloseTo(2, 6);
  });

  it('looking obliquely, a box nearer the horizon covers more ground', () => {
    const cam = makeCamera(K, { ...at, heightM: 100, yawDeg: 0, pitchDeg: -45, rollDeg: 0 });
    const near = groundExtentM(cam, [1900, 2500, 200, 200])!;
    const far = groundExtentM(cam, [1900, 600, 200, 200])!;
    expect(far.longM).toBeGreaterThan(near.longM * 1.5);
  });

  it('is null when the box reaches above the horizon', () => {
    const cam = makeCamera(K, { ...at, heightM: 100, yawDeg: 0, pitchDeg: -10, rollDeg: 0 });
    expect(groundExtentM(cam, [1900, 0, 200, 200])).toBeNull();
  });
});

describe('checkGroundSize', () => {
  it('holds back a metre-long "excavator" and a 40 m "tanker truck", passes real sizes', () => {
    expect(checkGroundSize('excavator', { longM: 1.1, shortM: 1.0 })).toBe('too_small');
    expect(checkGroundSize('excavator', { longM: 9, shortM: 4 })).toBe('plausible');
    expect(checkGroundSize('tanker_truck', { longM: 39, shortM: 14 })).toBe('too_large');
    expect(checkGroundSize('tanker_truck', { longM: 12, shortM: 2.5 })).toBe('plausible');
    expect(checkGroundSize('fire', { longM: 0.5, shortM: 0.4 })).toBe('plausible');
    expect(checkGroundSize('fire', { longM: 80, shortM: 60 })).toBe('plausible');
  });

  it('holds back a box long enough but too thin for its class', () => {
    expect(checkGroundSize('tanker_truck', { longM: 12, shortM: 0.8 })).toBe('too_small');
  });

  it('applies the margin on both ends (default x1.25)', () => {
    expect(checkGroundSize('excavator', { longM: 2.01, shortM: 1.5 })).toBe('plausible'); // 2.5 / 1.25 = 2.0
    expect(checkGroundSize('excavator', { longM: 1.99, shortM: 1.5 })).toBe('too_small');
    expect(checkGroundSize('excavator', { longM: 37.4, shortM: 5 })).toBe('plausible'); // 30 * 1.25 = 37.5
    expect(checkGroundSize('excavator', { longM: 37.6, shortM: 5 })).toBe('too_large');
    expect(checkGroundSize('excavator', { longM: 2.2, shortM: 1.5 }, { margin: 1 })).toBe('too_small');
  });

  it('says nothing without a size or for a class it has no range for', () => {
    expect(checkGroundSize('excavator', null)).toBeNull();
    expect(checkGroundSize('helmet', { longM: 0.3, shortM: 0.3 })).toBeNull();
  });

  it("never holds back a hazard the size the training scenes draw it (scene.py's TYPICAL_M x e^±0.5)", () => {
    const scene = readFileSync(path.resolve(import.meta.dirname, '../../../../models/training/scene.py'), 'utf8');
    const block = /TYPICAL_M = \{([^}]*)\}/s.exec(scene)![1]!;
    const typical = Object.fromEntries([...block.matchAll(/'(\w+)':\s*([\d.]+)/g)].map((m) => [m[1]!, Number(m[2])]));
    expect(Object.keys(typical).sort()).toEqual(Object.keys(HAZARD_GROUND_SIZE_M).sort());
    for (const [cls, metres] of Object.entries(typical)) {
      for (const long of [metres * Math.exp(-0.5), metres, metres * Math.exp(0.5)]) {
        // the short side of a drawn hazard is at least a third of its long side in scene.py's sprites
        expect(checkGroundSize(cls, { longM: long, shortM: long / 3 }), `${cls} ${long.toFixed(1)} m`).toBe('plausible');
      }
    }
  });
});

describe('groundSizeRangesFor', () => {
  it("puts a model's own ranges over the domain table", () => {
    const ranges = groundSizeRangesFor({ groundSizeM: { excavator: { minLongM: 4, maxLongM: 12 }, crane: { minLongM: 8, maxLongM: 60 } } });
    expect(ranges.excavator).toEqual({ minLongM: 4, maxLongM: 12 });
    expect(ranges.crane).toEqual({ minLongM: 8, maxLongM: 60 });
    expect(ranges.tanker_truck).toEqual(HAZARD_GROUND_SIZE_M.tanker_truck);
  });

  it('falls back to the table for a manifest without ranges or with malformed ones', () => {
    expect(groundSizeRangesFor({})).toEqual(HAZARD_GROUND_SIZE_M);
    expect(groundSizeRangesFor(null)).toEqual(HAZARD_GROUND_SIZE_M);
    expect(groundSizeRangesFor({ groundSizeM: { excavator: { minLongM: 12, maxLongM: 4 } } })).toEqual(HAZARD_GROUND_SIZE_M);
  });
});
