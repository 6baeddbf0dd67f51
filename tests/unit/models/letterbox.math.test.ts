import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { letterbox, unletterbox } from '../../../models/inference/letterbox.math.ts';

describe('letterbox', () => {
  it('matches Ultralytics for a 4000x3000 photo in 640x640', () => {
    // r = min(640/4000, 640/3000) = 0.16; new size 640 x 480; pad (640-480)/2 = 80 top and bottom.
    expect(letterbox(4000, 3000, 640, 640)).toEqual({ newW: 640, newH: 480, padX: 0, padY: 80, scaleX: 0.16, scaleY: 0.16 });
  });

  it('puts the odd padding pixel right/bottom like round(d - 0.1)', () => {
    // 101x640 in 640x640: r = min(640/101, 1) = 1, newW 101, dw = 539 / 2 = 269.5;
    // Ultralytics: left = round(269.5 - 0.1) = 269, right = round(269.5 + 0.1) = 270.
    const lb = letterbox(101, 640, 640, 640);
    expect(lb.newW).toBe(101);
    expect(lb.padX).toBe(269);
  });

  it('never enlarges a small region unless asked: a 56x42 thumbnail stays 56x42, centred in padding', () => {
    expect(letterbox(56, 42, 640, 640)).toEqual({ newW: 56, newH: 42, padX: 292, padY: 299, scaleX: 1, scaleY: 1 });
    // Ultralytics' predictor default (scaleUp) fills the input: r = min(640/56, 640/42) = 11.43.
    expect(letterbox(56, 42, 640, 640, { scaleUp: true })).toEqual({ newW: 640, newH: 480, padX: 0, padY: 80, scaleX: 640 / 56, scaleY: 480 / 42 });
    // Shrinking is the same either way.
    expect(letterbox(4000, 3000, 640, 640, { scaleUp: true })).toEqual(letterbox(4000, 3000, 640, 640));
  });

  it('maps a box in letterboxed coordinates back to original pixels exactly', () => {
    // Original 4000x3000 box (1000, 600)-(1500, 900): scale 0.16, padY 80 ->
    // letterboxed (160, 176)-(240, 224). Mapping back must give the original corners.
    const lb = letterbox(4000, 3000, 640, 640);
    const back = unletterbox({ x1: 160, y1: 176, x2: 240, y2: 224 }, lb);
    expect(back.x1).toBeCloseTo(1000, 9);
    expect(back.y1).toBeCloseTo(600, 9);
    expect(back.x2).toBeCloseTo(1500, 9);
    expect(back.y2).toBeCloseTo(900, 9);
  });

  it('round-trips any box for any image and input size, with a tile offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 32, max: 1280 }),
        fc.integer({ min: 32, max: 1280 }),
        fc.float({ min: 0, max: 1, noNaN: true }),
        fc.float({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 5000 }),
        fc.boolean(),
        (w, h, iw, ih, fx, fy, off, scaleUp) => {
          const lb = letterbox(w, h, iw, ih, { scaleUp });
          expect(lb.padX + lb.newW).toBeLessThanOrEqual(iw);
          expect(lb.padY + lb.newH).toBeLessThanOrEqual(ih);
          const x = fx * w;
          const y = fy * h;
          const forward = { x1: x * lb.scaleX + lb.padX, y1: y * lb.scaleY + lb.padY, x2: w * lb.scaleX + lb.padX, y2: h * lb.scaleY + lb.padY };
          const back = unletterbox(forward, lb, off, off);
          expect(back.x1).toBeCloseTo(x + off, 6);
          expect(back.y1).toBeCloseTo(y + off, 6);
          expect(back.x2).toBeCloseTo(w + off, 6);
          expect(back.y2).toBeCloseTo(h + off, 6);
        },
      ),
    );
  });
});
