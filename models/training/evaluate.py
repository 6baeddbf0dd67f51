"""Python-side evaluation: mAP@0.5 on a generated set, false alarms on hazard-free photos.

    /usr/bin/python3 models/training/evaluate.py --ckpt models/training/out/ckpt.pt \
        --set /tmp/eval_s77 [--clean DIR_OF_JPGS ...] [--thresholds models/dy-hazard/1.0.0/manifest.json]

Inference mirrors the shipped ONNX path: photos are cut into square tiles of --tile px (overlap 12%),
each tile letterboxed with 114 grey, detections merged and class-wise NMS at IoU 0.5.
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
from model import Detector, ExportWrapper  # noqa: E402
from scene import CLASSES  # noqa: E402


def load(ckpt, tile):
    ck = torch.load(ckpt)
    # A checkpoint trained with --classes (dy-thermal: fire) names its own classes.
    if ck.get('classes'):
        use_classes(ck['classes'])
    det = Detector(len(CLASSES), **ck['cfg'])
    det.load_state_dict(ck['model'])
    det.eval()
    return ExportWrapper(det, (tile, tile)).eval(), ck


def use_classes(names):
    """Switch this module's class list (and that of modules that imported it by name, via their own call)."""
    global CLASSES
    CLASSES = list(names)


def nms(boxes, scores, iou):
    order = scores.argsort()[::-1]
    keep = []
    while len(order):
        i = order[0]
        keep.append(i)
        if len(order) == 1:
            break
        b = boxes[order[1:]]
        x1 = np.maximum(boxes[i, 0], b[:, 0]); y1 = np.maximum(boxes[i, 1], b[:, 1])
        x2 = np.minimum(boxes[i, 2], b[:, 2]); y2 = np.minimum(boxes[i, 3], b[:, 3])
        inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
        a = (boxes[i, 2] - boxes[i, 0]) * (boxes[i, 3] - boxes[i, 1])
        ab = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
        order = order[1:][inter / (a + ab - inter + 1e-9) <= iou]
    return keep


def tiles_for(W, H, tile, overlap=0.12):
    def starts(n):
        if n <= tile:
            return [0]
        k = int(np.ceil((n - tile) / (tile * (1 - overlap)))) + 1
        return [round(i * (n - tile) / (k - 1)) for i in range(k)]
    return [(x, y) for y in starts(H) for x in starts(W)]


WHOLE = {'on': False}


@torch.no_grad()
def detect(net, img: Image.Image, tile: int, conf=0.05, iou=0.5, batch=4):
    """All detections above `conf` on a full photo: list of (cls, score, x1, y1, x2, y2).

    With --whole (models whose manifest says tiling false, like dy-thermal) the photo is shrunk to fit one
    tile, as the TypeScript path does for them, and boxes are scaled back to the photo's pixels.
    """
    if WHOLE['on'] and max(img.size) > tile:
        f = tile / max(img.size)
        small = img.convert('RGB').resize((max(1, round(img.size[0] * f)), max(1, round(img.size[1] * f))), Image.BILINEAR)
        WHOLE['on'] = False
        try:
            res = detect(net, small, tile, conf, iou, batch)
        finally:
            WHOLE['on'] = True
        return [(c, s, x1 / f, y1 / f, x2 / f, y2 / f) for c, s, x1, y1, x2, y2 in res]
    a = np.asarray(img.convert('RGB'), np.float32) / 255.0
    H, W = a.shape[:2]
    outs = []
    xs = tiles_for(W, H, tile)
    crops = []
    for x, y in xs:
        c = np.full((tile, tile, 3), 114 / 255.0, np.float32)
        part = a[y:y + tile, x:x + tile]
        c[:part.shape[0], :part.shape[1]] = part
        crops.append(c)
    for k in range(0, len(crops), batch):
        t = torch.from_numpy(np.stack(crops[k:k + batch]).transpose(0, 3, 1, 2).copy())
        o = net(t).numpy().transpose(0, 2, 1)
        for j, oo in enumerate(o):
            x0, y0 = xs[k + j]
            sc = oo[:, 4:]
            ci = sc.argmax(1)
            s = sc.max(1)
            m = s > conf
            b = oo[m, :4]
            bb = np.stack([b[:, 0] - b[:, 2] / 2 + x0, b[:, 1] - b[:, 3] / 2 + y0,
                           b[:, 0] + b[:, 2] / 2 + x0, b[:, 1] + b[:, 3] / 2 + y0], 1)
            outs.append((ci[m], s[m], bb))
    if not outs:
        return []
    ci = np.concatenate([o[0] for o in outs]); s = np.concatenate([o[1] for o in outs])
    bb = np.concatenate([o[2] for o in outs]).reshape(-1, 4)
    bb[:, [0, 2]] = bb[:, [0, 2]].clip(0, W); bb[:, [1, 3]] = bb[:, [1, 3]].clip(0, H)
    res = []
    for c in np.unique(ci):
        m = ci == c
        keep = nms(bb[m], s[m], iou)
        for i in keep:
            res.append((int(c), float(s[m][i]), *[float(v) for v in bb[m][i]]))
    return res


def iou1(a, b):
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0])); iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter + 1e-9)


def ap_voc(rec, prec):
    mrec = np.concatenate([[0], rec, [1]]); mpre = np.concatenate([[0], prec, [0]])
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    i = np.nonzero(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1]))


def evaluate_set(net, setdir: Path, tile, thresholds=None):
    labels = json.loads((setdir / 'labels.json').read_text())
    dets = {c: [] for c in range(len(CLASSES))}
    gts = {c: {} for c in range(len(CLASSES))}
    npos = [0] * len(CLASSES)
    for k, e in enumerate(labels):
        for o in e['objects']:
            c = CLASSES.index(o['class'])
            x, y, w, h = o['bbox']
            gts[c].setdefault(k, []).append([x, y, x + w, y + h, False])
            npos[c] += 1
        for d in detect(net, Image.open(setdir / e['file']), tile):
            dets[d[0]].append((k, d[1], d[2:]))
    res = {}
    for c in range(len(CLASSES)):
        ds = sorted(dets[c], key=lambda d: -d[1])
        tp = np.zeros(len(ds)); fp = np.zeros(len(ds))
        for g in gts[c].values():
            for gg in g:
                gg[4] = False
        for i, (k, s, b) in enumerate(ds):
            best, bj = 0.0, -1
            for j, g in enumerate(gts[c].get(k, [])):
                v = iou1(b, g)
                if v > best:
                    best, bj = v, j
            if best >= 0.5 and not gts[c][k][bj][4]:
                tp[i] = 1; gts[c][k][bj][4] = True
            else:
                fp[i] = 1
        ctp, cfp = np.cumsum(tp), np.cumsum(fp)
        rec = ctp / max(1, npos[c]); prec = ctp / np.maximum(ctp + cfp, 1e-9)
        r = {'ap50': round(ap_voc(rec, prec), 4) if npos[c] else None, 'gt': npos[c]}
        if thresholds:
            th = thresholds[CLASSES[c]]
            m = np.array([d[1] >= th for d in ds], bool)
            if len(ds):
                r['tp_at_thr'] = int(tp[m].sum()); r['fp_at_thr'] = int(fp[m].sum())
                r['recall_at_thr'] = round(float(tp[m].sum()) / max(1, npos[c]), 4)
        r['_scores'] = [(float(d[1]), int(t)) for d, t in zip(ds, tp)]
        res[CLASSES[c]] = r
    aps = [r['ap50'] for r in res.values() if r['ap50'] is not None]
    scores = {c: r.pop('_scores') for c, r in res.items()}
    return scores, {'mAP50': round(float(np.mean(aps)), 4), 'photos': len(labels), 'per_class': res}


def precision_threshold(scored, precision, start=0.99, step=0.01):
    """Lowest t (walking down from `start`) such that every cut-off above it keeps the precision target."""
    best = start
    for t in np.arange(start, 0.0, -step):
        sel = [tp for s, tp in scored if s >= t]
        if sel and np.mean(sel) < precision:
            break
        best = float(t)
    return best


def suggest_thresholds(scores, precision=0.9, floor=0.4):
    """Per class: lowest threshold (step 0.05, at least `floor`) whose detections above it reach `precision`."""
    return {c: round(max(precision_threshold(sc, precision, start=0.95, step=0.05), floor), 2) for c, sc in scores.items()}


def false_alarms(net, files, tile, thresholds):
    out = {}
    total = 0
    for f in files:
        ds = [d for d in detect(net, Image.open(f), tile) if d[1] >= thresholds[CLASSES[d[0]]]]
        out[Path(f).name] = [(CLASSES[d[0]], round(d[1], 3)) for d in ds]
        total += len(ds)
    return {'photos': len(files), 'false_alarms': total, 'per_photo': round(total / max(1, len(files)), 3),
            'detail': {k: v for k, v in out.items() if v}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt', default=str(HERE / 'out' / 'ckpt.pt'))
    ap.add_argument('--set', default=None)
    ap.add_argument('--tile', type=int, default=640)
    ap.add_argument('--clean', nargs='*', default=[], help='folders of hazard-free photos')
    ap.add_argument('--thresholds', default=None, help='manifest.json whose thresholds to apply')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--suggest', default=None, help='write suggested per-class thresholds (JSON) here')
    ap.add_argument('--metrics-out', default=None, help='write the synthetic-set metrics (JSON) here')
    ap.add_argument('--whole', action='store_true', help='shrink each photo to one tile (models exported with tiling false)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    WHOLE['on'] = a.whole
    net, _ = load(a.ckpt, a.tile)
    th = json.loads(Path(a.thresholds).read_text())['thresholds'] if a.thresholds else None
    out = {}
    if a.set:
        scores, out['synthetic'] = evaluate_set(net, Path(a.set), a.tile, th)
        if a.suggest:
            sug = suggest_thresholds(scores)
            Path(a.suggest).write_text(json.dumps(sug, indent=1))
            out['suggested_thresholds'] = sug
        if a.metrics_out:
            Path(a.metrics_out).write_text(json.dumps(out['synthetic'], indent=1))
    if a.clean:
        files = sorted(str(p) for d in a.clean for p in Path(d).glob('*') if p.suffix.lower() in ('.jpg', '.jpeg', '.png'))
        out['clean'] = false_alarms(net, files, a.tile, th or {c: 0.5 for c in CLASSES})
    print(json.dumps(out, indent=1))


if __name__ == '__main__':
    main()
