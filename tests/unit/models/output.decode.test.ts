import { describe, expect, it } from 'vitest';
import { decodeEnd2end, decodeYolov8 } from '../../../models/inference/output.decode.ts';

describe('decodeYolov8', () => {
  // Hand-built [1, 4+2, 3] tensor, channel-first as Ultralytics exports: row r, anchor i at r*N + i.
  // anchor 0: cx 100, cy 50, w 20, h 10, scores (0.9, 0.1)  -> class 0, box 90..110 x 45..55
  // anchor 1: cx 10, cy 10, w 4, h 4, scores (0.2, 0.6)     -> class 1, box 8..12 x 8..12
  // anchor 2: scores (0.1, 0.2)                             -> below both thresholds
  const rows = [
    [100, 10, 30],
    [50, 10, 30],
    [20, 4, 6],
    [10, 4, 6],
    [0.9, 0.2, 0.1],
    [0.1, 0.6, 0.2],
  ];
  const data = Float32Array.from(rows.flat());

  it('reads cx, cy, w, h and the best class per anchor', () => {
    const out = decodeYolov8(data, [1, 6, 3], [0.25, 0.25]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ x1: 90, y1: 45, x2: 110, y2: 55, classId: 0 });
    expect(out[0]!.score).toBeCloseTo(0.9, 6);
    expect(out[1]).toMatchObject({ x1: 8, y1: 8, x2: 12, y2: 12, classId: 1 });
  });

  it('applies per-class thresholds to the best class', () => {
    const out = decodeYolov8(data, [1, 6, 3], [0.95, 0.5]);
    expect(out.map((b) => b.classId)).toEqual([1]);
  });

  it('accepts the transposed [1, N, 4+nc] form', () => {
    const transposed = Float32Array.from([0, 1, 2].flatMap((i) => rows.map((r) => r[i]!)));
    expect(decodeYolov8(transposed, [1, 3, 6], [0.25, 0.25])).toEqual(decodeYolov8(data, [1, 6, 3], [0.25, 0.25]));
  });

  it('refuses dims that do not fit the class count', () => {
    expect(() => decodeYolov8(data, [1, 6, 3], [0.25, 0.25, 0.25])).toThrow(/\[1, 7, N\]/);
  });
});

describe('decodeEnd2end', () => {
  it('reads x1, y1, x2, y2, score, class and drops padding rows', () => {
    const data = Float32Array.from([
      [5, 6, 25, 36, 0.8, 1],
      [0, 0, 0, 0, 0, -1], // padding row some exporters emit
      [1, 1, 2, 2, 0.1, 0], // under threshold
    ].flat());
    const out = decodeEnd2end(data, [1, 3, 6], [0.25, 0.25]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ x1: 5, y1: 6, x2: 25, y2: 36, classId: 1 });
  });

  it('refuses a tensor that is not [1, N, 6]', () => {
    expect(() => decodeEnd2end(new Float32Array(12), [1, 6, 2], [0.5])).toThrow(/\[1, N, 6\]/);
  });
});
