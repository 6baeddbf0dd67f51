"""Temperature scaling of a model's scores, with per-class thresholds in calibrated units, and the expected
calibration error (ECE) before and after on data NOT used to fit it.

    /usr/bin/python3 models/training/calibrate_temperature.py --ckpt models/training/out/ckpt_thermal.pt \
        --fit models/training/data/thermal_fire/calib --test models/training/data/thermal_fire/test \
        --tile 320 --whole --out models/training/out/calibration_thermal.json

Every detection above 0.05 on a labelled set counts as right (1) when it matches an unmatched box of its
class at IoU >= 0.5, else wrong (0); every detection on a hazard-free photo (--fit-negatives /
--test-negatives: folders of JPEGs) is wrong. One temperature T is fitted on the --fit sets by minimising
the log loss of sigmoid(logit(score) / T) (a grid over 0.2..10, log-spaced); the TypeScript decode path
applies the same map from the manifest's calibration.temperature before its thresholds. ECE: 15 equal-width
bins, |accuracy - mean confidence| weighted by the bin's share. Thresholds: per class the lowest calibrated
score (step 0.01, at least --floor) whose detections on the --fit sets reach --precision.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import evaluate as ev  # noqa: E402


def logit(p):
    p = np.clip(np.asarray(p, np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def scaled(p, t):
    return 1 / (1 + np.exp(-logit(p) / t))


def ece(scores, labels, bins=15):
    scores, labels = np.asarray(scores, np.float64), np.asarray(labels, np.float64)
    if len(scores) == 0:
        return None
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for k in range(bins):
        m = (scores > edges[k]) & (scores <= edges[k + 1]) if k else (scores >= 0) & (scores <= edges[1])
        if m.any():
            total += m.mean() * abs(labels[m].mean() - scores[m].mean())
    return round(float(total), 4)


def fit_temperature(scores, labels):
    z, y = logit(scores), np.asarray(labels, np.float64)
    best = (1.0, float('inf'))
    for t in np.exp(np.linspace(np.log(0.2), np.log(10), 400)):
        p = np.clip(1 / (1 + np.exp(-z / t)), 1e-9, 1 - 1e-9)
        nll = float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())
        if nll < best[1]:
            best = (float(t), nll)
    return round(best[0], 4)


def pairs(net, sets, negatives, tile):
    """Per class: [(score, right)] over labelled sets and hazard-free photo folders; plus set metrics."""
    out = {c: [] for c in ev.CLASSES}
    metrics = []
    for d in sets:
        scored, m = ev.evaluate_set(net, Path(d), tile)
        metrics.append(m)
        for c, sc in scored.items():
            out[c].extend(sc)
    photos = 0
    for d in negatives:
        for f in sorted(p for p in Path(d).glob('*') if p.suffix.lower() in ('.jpg', '.jpeg', '.png')):
            photos += 1
            for c, s, *_ in ev.detect(net, Image.open(f), tile):
                out[ev.CLASSES[c]].append((s, 0))
    return out, metrics, photos


def at_threshold(sc, t, t_scale, gt):
    kept = [tp for s, tp in sc if scaled(s, t_scale) >= t]
    return {'recall': round(sum(kept) / max(1, gt), 4), 'precision': round(float(np.mean(kept)), 4) if kept else None,
            'true': int(sum(kept)), 'false': int(len(kept) - sum(kept))}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--ckpt', required=True)
    ap.add_argument('--fit', nargs='*', default=[], help='labelled sets (labels.json) to fit on')
    ap.add_argument('--fit-negatives', nargs='*', default=[], help='folders of hazard-free photos to fit on')
    ap.add_argument('--test', nargs='*', default=[], help='labelled sets held out from the fit')
    ap.add_argument('--test-negatives', nargs='*', default=[], help='hazard-free photo folders held out from the fit')
    ap.add_argument('--tile', type=int, default=640)
    ap.add_argument('--whole', action='store_true', help='shrink each photo to one tile (tiling false models)')
    ap.add_argument('--precision', type=float, default=0.9)
    ap.add_argument('--floor', type=float, default=0.3)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    ev.WHOLE['on'] = a.whole
    net, _ = ev.load(a.ckpt, a.tile)
    fit, fit_metrics, fit_neg = pairs(net, a.fit, a.fit_negatives, a.tile)
    test, test_metrics, test_neg = pairs(net, a.test, a.test_negatives, a.tile)
    all_fit = [p for sc in fit.values() for p in sc]
    all_test = [p for sc in test.values() for p in sc]
    t = fit_temperature([s for s, _ in all_fit], [y for _, y in all_fit])
    gt_fit = {c: sum(m['per_class'][c]['gt'] for m in fit_metrics) for c in ev.CLASSES}
    gt_test = {c: sum(m['per_class'][c]['gt'] for m in test_metrics) for c in ev.CLASSES}
    thresholds, per_class = {}, {}
    for c in ev.CLASSES:
        cal = [(float(scaled(s, t)), y) for s, y in fit[c]]
        th = round(max(a.floor, ev.precision_threshold(cal, a.precision)), 2)
        thresholds[c] = th
        per_class[c] = {'threshold': th, 'fit': at_threshold(fit[c], th, t, gt_fit[c]), 'test': at_threshold(test[c], th, t, gt_test[c])}
    s_fit, y_fit = [s for s, _ in all_fit], [y for _, y in all_fit]
    s_test, y_test = [s for s, _ in all_test], [y for _, y in all_test]
    report = {
        'temperature': t,
        'method': 'temperature scaling of detection scores (one T per model), fitted by log loss',
        'fit': {'sets': a.fit, 'negatives': a.fit_negatives, 'negative_photos': fit_neg, 'detections': len(all_fit),
                'ece_before': ece(s_fit, y_fit), 'ece_after': ece(scaled(s_fit, t), y_fit)},
        'test': {'sets': a.test, 'negatives': a.test_negatives, 'negative_photos': test_neg, 'detections': len(all_test),
                 'ece_before': ece(s_test, y_test), 'ece_after': ece(scaled(s_test, t), y_test),
                 'mAP50': [m['mAP50'] for m in test_metrics], 'photos': [m['photos'] for m in test_metrics]},
        'thresholds': thresholds, 'per_class': per_class,
    }
    if a.test_negatives:
        neg_scores = [float(scaled(s, t)) for c in ev.CLASSES for s, y in test[c] if y == 0]
        report['test']['false_alarms_above_0.9_after'] = sum(1 for s in neg_scores if s >= 0.9)
        report['test']['false_alarms_above_0.9_before'] = sum(1 for c in ev.CLASSES for s, y in test[c] if y == 0 and s >= 0.9)
    Path(a.out).write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))


if __name__ == '__main__':
    main()
