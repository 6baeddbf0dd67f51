import { describe, expect, it } from 'vitest';
import { iou, ios, mergeViews, nmsClasswise } from '../../../models/inference/boxes.nms.ts';

const box = (x1: number, y1: number, x2: number, y2: number, score: number, classId = 0, view?: number) => ({ x1, y1, x2, y2, score, classId, view });

describe('iou / ios', () => {
  it('match hand computation', () => {
    // 10x10 boxes offset by 5 in x: intersection 5*10 = 50, union 200 - 50 = 150.
    expect(iou(box(0, 0, 10, 10, 1), box(5, 0, 15, 10, 1))).toBeCloseTo(50 / 150, 12);
    // a 4x4 box inside a 10x10 box: intersection 16 = the smaller area.
    expect(ios(box(0, 0, 10, 10, 1), box(2, 2, 6, 6, 1))).toBe(1);
    expect(iou(box(0, 0, 1, 1, 1), box(2, 2, 3, 3, 1))).toBe(0);
  });
});

describe('nmsClasswise', () => {
  it('drops the lower-scored overlapping box of the same class only', () => {
    const a = box(0, 0, 10, 10, 0.9, 0);
    const b = box(1, 0, 11, 10, 0.8, 0); // IoU 90/110 = 0.82 with a
    const c = box(1, 0, 11, 10, 0.7, 1); // same place, other class: kept
    const d = box(50, 50, 60, 60, 0.6, 0); // far away: kept
    expect(nmsClasswise([d, c, b, a], 0.45)).toEqual([a, c, d]);
  });

  it('keeps same-class boxes whose overlap is at or under the threshold', () => {
    const a = box(0, 0, 10, 10, 0.9);
    const b = box(5, 0, 15, 10, 0.8); // IoU 1/3
    expect(nmsClasswise([a, b], 0.45)).toHaveLength(2);
  });
});

describe('mergeViews', () => {
  it('merges the two halves of a box cut by a tile border into one', () => {
    // An object at x 100..200 cut by tiles [0, 160) and [128, 288): tile 0 sees 100..160, tile 1 128..200.
    // IoU = 32 / 100 = 0.32 (no NMS merge) but IoS = 32 / 60 = 0.53.
    const left = box(100, 40, 160, 80, 0.8, 2, 0);
    const right = box(128, 40, 200, 80, 0.7, 2, 1);
    expect(mergeViews([left, right], { iou: 0.45, ios: 0.5 })).toEqual([{ ...left, x2: 200 }]);
  });

  it('keeps two adjacent objects seen in the same view apart', () => {
    const a = box(0, 0, 10, 10, 0.9, 0, 3);
    const b = box(2, 2, 8, 8, 0.8, 0, 3); // inside a (IoS 1) but from the same tile
    expect(mergeViews([a, b], { iou: 0.45, ios: 0.5 })).toHaveLength(2);
  });

  it('never merges different classes', () => {
    expect(mergeViews([box(0, 0, 10, 10, 0.9, 0, 0), box(0, 0, 10, 10, 0.9, 1, 1)], { iou: 0.45, ios: 0.5 })).toHaveLength(2);
  });

  it('ends with one box whatever order the fragments of a big object come in', () => {
    // Four fragments of 100..160 x 500..540 from a 2x2 tile grid plus the whole box, all the same score.
    const parts = [box(100, 500, 128, 509, 0.9, 0, 0), box(100, 500, 160, 509, 0.9, 0, 1), box(100, 500, 128, 540, 0.9, 0, 2), box(100, 500, 160, 540, 0.9, 0, 3)];
    for (const order of [parts, [...parts].reverse()]) {
      expect(mergeViews(order, { iou: 0.45, ios: 0.6 })).toEqual([expect.objectContaining({ x1: 100, y1: 500, x2: 160, y2: 540 })]);
    }
  });
});
