/** Temperature scaling in the decode path and the calibration-error metric. */
import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, scoredOutcomes } from '../../../models/inference/calibration-error.metric.ts';
import { calibrateScore, rawScoreFor } from '../../../models/inference/score-calibration.ts';

describe('temperature scaling', () => {
  it('tempers confident scores for T > 1, keeps 0.5 and the order, and leaves T = 1 alone', () => {
    // logit(0.99) = 4.595; / 2 = 2.298 -> 0.9087
    expect(calibrateScore(0.99, 2)).toBeCloseTo(0.9087, 4);
    expect(calibrateScore(0.5, 3)).toBeCloseTo(0.5, 9);
    expect(calibrateScore(0.2, 2)).toBeGreaterThan(0.2);
    expect(calibrateScore(0.97, 1)).toBe(0.97);
    const raw = [0.05, 0.3, 0.6, 0.9, 0.999];
    const cal = raw.map((r) => calibrateScore(r, 2.5));
    expect([...cal].sort((a, b) => a - b)).toEqual(cal);
  });
  it('maps a calibrated threshold back to the raw score that reaches it', () => {
    for (const t of [0.1, 0.5, 0.73, 0.95]) expect(calibrateScore(rawScoreFor(t, 1.7), 1.7)).toBeCloseTo(t, 9);
    expect(rawScoreFor(0, 2)).toBe(0);
    expect(rawScoreFor(1, 2)).toBe(1);
  });
});

describe('expected calibration error', () => {
  const box = (x: number, score: number) => ({ class: 'fire', score, bbox: [x, 0, 10, 10] as [number, number, number, number] });
  it('matches each labelled object once, best score first', () => {
    const outcomes = scoredOutcomes([{ truth: [{ class: 'fire', bbox: [0, 0, 10, 10] }], detections: [box(1, 0.6), box(0, 0.9), box(50, 0.8)] }]);
    expect(outcomes).toEqual([
      { score: 0.9, correct: true },
      { score: 0.8, correct: false },
      { score: 0.6, correct: false },
    ]);
  });
  it('is the share-weighted gap between accuracy and confidence per bin', () => {
    // bin (0.8667, 0.9333]: two boxes at 0.9, one right: |0.5 - 0.9| x 2/4; bin (0.2667, 0.3333]: 0.3, both right: |1 - 0.3| x 2/4
    const o = [
      { score: 0.9, correct: true },
      { score: 0.9, correct: false },
      { score: 0.3, correct: true },
      { score: 0.3, correct: true },
    ];
    expect(expectedCalibrationError(o)).toBeCloseTo(0.2 + 0.35, 4);
    expect(expectedCalibrationError([{ score: 1, correct: true }])).toBe(0);
    expect(expectedCalibrationError([])).toBeNull();
  });
});
