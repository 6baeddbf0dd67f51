import { describe, expect, it } from 'vitest';
import { allPointsAp, evaluateAp } from '../../../models/inference/average-precision.metric.ts';

describe('allPointsAp', () => {
  it('integrates the monotone precision envelope', () => {
    // Detections TP, FP, TP over 2 truths: recall 0.5, 0.5, 1; precision 1, 0.5, 0.667.
    // Envelope: 1 up to recall 0.5, then 2/3 up to recall 1 -> AP = 0.5 * 1 + 0.5 * 2/3 = 0.8333.
    expect(allPointsAp([0.5, 0.5, 1], [1, 0.5, 2 / 3])).toBeCloseTo(0.5 + 1 / 3, 12);
  });
});

describe('evaluateAp', () => {
  it('matches at IoU 0.5 per class, one detection per truth', () => {
    const report = evaluateAp(
      [
        {
          truth: [{ class: 'fire', bbox: [0, 0, 10, 10] }, { class: 'smoke', bbox: [50, 50, 20, 20] }],
          detections: [
            { class: 'fire', score: 0.9, bbox: [1, 0, 10, 10] }, // IoU 90/110 = 0.82: TP
            { class: 'fire', score: 0.8, bbox: [0, 0, 10, 10] }, // same truth again: FP
            { class: 'smoke', score: 0.7, bbox: [60, 60, 20, 20] }, // IoU 100/700: FP
          ],
        },
        { truth: [{ class: 'fire', bbox: [100, 100, 10, 10] }], detections: [] },
      ],
      ['fire', 'smoke', 'excavator'],
    );
    // fire: TP, FP over 2 truths -> recall 0.5, 0.5; precision 1, 0.5 -> AP 0.5.
    expect(report.perClass.fire).toEqual({ ap: 0.5, truths: 2, detections: 2, truePositives: 1, recall: 0.5 });
    expect(report.perClass.smoke!.ap).toBe(0);
    expect(report.perClass.excavator!.ap).toBeNull(); // no truths: not in the mean
    expect(report.map).toBe(0.25);
  });
});
