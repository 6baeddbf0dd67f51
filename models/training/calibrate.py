"""Per-class score thresholds from a calibration set that is neither the TypeScript evaluation set nor an
evaluation-only realdata folder.

    /usr/bin/python3 models/training/calibrate.py --ckpt models/training/out/ckpt.pt \
        --set models/training/data/eval_s77 --negatives models/training/data/neg_s78 \
        --out models/training/out/thresholds.json [--report models/training/out/calibration.json]

For each class the threshold is the largest of
  * --floor (default 0.9: synthetic negatives under-state how sure the model is on real scenes it never
    saw; 1.1.0 calibrated with a floor of 0.5 gave 3.4 false alarms per clean real photo, 0.9 about 1);
  * the lowest score at which the class's detections on the labelled synthetic --set reach --precision (0.9);
  * just above the --allow-th highest (default: the highest) score the class reaches on hazard-free views:
    the hazard-free synthetic photos of the --negatives sets, and the CC0 construction-site photos at several scales
    outside their hand-labelled machines (those photos were in training as backgrounds, so this is a floor,
    not a promise about unseen scenes);
capped at --cap (0.99) so no class is switched off silently: a class at the cap is reported.
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
from evaluate import detect, evaluate_set, load, precision_threshold  # noqa: E402
from mine_negatives import cc0_wrong_detections  # noqa: E402
from scene import CLASSES  # noqa: E402


def negative_scores(net, set_dirs: list[Path], scales):
    """Per class: scores of every detection on hazard-free views, and how many views were looked at."""
    out = {c: [] for c in CLASSES}
    views = 0
    for set_dir in set_dirs:
        for e in json.loads((set_dir / 'labels.json').read_text()):
            if e['objects']:
                continue
            views += 1
            for c, s, *_ in detect(net, Image.open(set_dir / e['file']), 640, conf=0.05):
                out[CLASSES[c]].append(s)
    for *_, wrong in cc0_wrong_detections(net, scales, conf=0.05):
        views += 1
        for c, s, *_box in wrong:
            out[CLASSES[c]].append(s)
    return out, views


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--ckpt', required=True)
    ap.add_argument('--set', required=True, help='labelled synthetic calibration set (make_dataset.py)')
    ap.add_argument('--negatives', nargs='*', default=[], help='hazard-free synthetic sets (make_dataset.py --negatives 1)')
    ap.add_argument('--scales', nargs='*', type=float, default=[1.0, 0.5, 0.25, 0.125])
    ap.add_argument('--precision', type=float, default=0.9)
    ap.add_argument('--allow', type=int, default=0, help='false alarms per class tolerated on the negatives')
    ap.add_argument('--floor', type=float, default=0.9)
    ap.add_argument('--cap', type=float, default=0.99)
    ap.add_argument('--out', required=True)
    ap.add_argument('--report', default=None)
    ap.add_argument('--metrics-out', default=None, help='write the synthetic-set metrics (as evaluate.py does) here')
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    net, _ = load(a.ckpt, 640)
    scored, synth = evaluate_set(net, Path(a.set), 640)
    neg, views = negative_scores(net, [Path(d) for d in a.negatives], a.scales)
    thresholds, report = {}, {'views': views, 'mAP50': synth['mAP50'], 'per_class': {}}
    for c in CLASSES:
        t_prec = precision_threshold(scored[c], a.precision)
        ns = sorted(neg[c], reverse=True)
        t_neg = round(ns[a.allow] + 0.005, 3) if len(ns) > a.allow else 0.0
        t = min(a.cap, max(a.floor, t_prec, t_neg))
        thresholds[c] = round(t, 3)
        kept = [tp for s, tp in scored[c] if s >= t]
        report['per_class'][c] = {'threshold': thresholds[c], 'from_precision': round(t_prec, 3), 'from_negatives': t_neg,
                                  'capped': t_neg > a.cap, 'synthetic_recall': round(sum(kept) / max(1, synth['per_class'][c]['gt']), 3),
                                  'synthetic_precision': round(float(np.mean(kept)), 3) if kept else None,
                                  'negatives_above': sum(1 for s in ns if s >= t)}
        print(f'{c:13s} threshold {t:.3f} (precision {t_prec:.2f}, negatives {t_neg:.3f}) '
              f'recall {report["per_class"][c]["synthetic_recall"]}', flush=True)
    Path(a.out).write_text(json.dumps(thresholds, indent=1))
    if a.metrics_out:
        Path(a.metrics_out).write_text(json.dumps(synth, indent=1))
    if a.report:
        Path(a.report).write_text(json.dumps(report, indent=1))
    print(json.dumps(report))


if __name__ == '__main__':
    main()
