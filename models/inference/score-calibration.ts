/**
 * Temperature scaling of detection scores (Guo et al. 2017, applied per model): the shown score is
 * sigmoid(logit(raw) / T), with T fitted after training on a calibration split and stored in the manifest
 * (calibration.temperature; models/training/calibrate_temperature.py). T > 1 tempers an over-confident
 * model. The map is monotone, so ranking and NMS are unchanged; thresholds in the manifest are in
 * calibrated units and are mapped back to raw scores to filter the output tensor. Pure.
 */

const EPS = 1e-7;
const logit = (p: number) => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The calibrated score of a raw score (T = 1: unchanged). */
export function calibrateScore(raw: number, temperature: number): number {
  return temperature === 1 ? raw : sigmoid(logit(raw) / temperature);
}

/** The raw score that calibrates to `calibrated` (thresholds go this way). 0 and 1 stay as they are. */
export function rawScoreFor(calibrated: number, temperature: number): number {
  if (temperature === 1 || calibrated <= 0 || calibrated >= 1) return calibrated;
  return sigmoid(logit(calibrated) * temperature);
}
