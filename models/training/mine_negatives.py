"""Hard-negative mining on the CC0 construction-site photos (the only real photos training may use).

    /usr/bin/python3 models/training/mine_negatives.py --ckpt models/training/checkpoints/dy-hazard-next.pt \
        --out models/training/data/train_ft/shard10 [--scales 1 0.5 0.25 0.125] [--conf 0.3] [--per-view 40]

Runs a checkpoint over each CC0 photo at several scales (1 = native ~100 px/m; 0.125 ~ 12 px/m, the
scale of a dock photo from 100 m) and cuts a 384x384 tile around every confident detection that is not
one of the hand-labelled machines of `scene.REAL_BOXES`. Those tiles are what the model gets wrong on
real texture (concrete pipes as tankers, soil patches as oil, shadows as smoke); trained as they are,
with only the labelled machines as objects, they teach it to stay quiet there. Tiles that would cut a
labelled machine in part are skipped, so no half-machine is ever taught as background.
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
from evaluate import detect, load  # noqa: E402
from scene import CLASSES, REAL_BOXES, REAL_DIR, REAL_FILES  # noqa: E402

TILE = 384


def labelled_boxes(name, scale):
    return [(c, (x * scale, y * scale, w * scale, h * scale)) for c, (x, y, w, h) in REAL_BOXES.get(name, [])]


def overlap_frac(box, x0, y0, x1, y1):
    bx, by, bw, bh = box
    iw = max(0.0, min(bx + bw, x1) - max(bx, x0))
    ih = max(0.0, min(by + bh, y1) - max(by, y0))
    return iw * ih / (bw * bh)


def cc0_wrong_detections(net, scales, conf):
    """For each CC0 photo at each scale: (name, scale, image, labelled machines, detections >= conf that are
    not on a labelled machine). Photos missing on disk are skipped."""
    for name in REAL_FILES:
        if not (REAL_DIR / name).exists():
            continue
        full = Image.open(REAL_DIR / name).convert('RGB')
        for s in scales:
            img = full.resize((round(full.width * s), round(full.height * s)), Image.BILINEAR) if s != 1 else full
            lab = labelled_boxes(name, s)
            dets = [d for d in detect(net, img, 640, conf=conf) if d[1] >= conf]
            wrong = [d for d in dets
                     if not any(overlap_frac((d[2], d[3], d[4] - d[2], d[5] - d[3]), b[0], b[1], b[0] + b[2], b[1] + b[3]) > 0.3
                                for _, b in lab)]
            yield name, s, img, lab, dets, wrong


def tile_around(img: Image.Image, labelled, cx, cy, rng):
    """A TILE x TILE crop near (cx, cy) with its labelled objects, or None when it would cut one in part."""
    W, H = img.size
    for _ in range(6):
        x0 = int(np.clip(cx - TILE / 2 + rng.uniform(-0.3, 0.3) * TILE, 0, max(0, W - TILE)))
        y0 = int(np.clip(cy - TILE / 2 + rng.uniform(-0.3, 0.3) * TILE, 0, max(0, H - TILE)))
        objs, ok = [], True
        for c, b in labelled:
            f = overlap_frac(b, x0, y0, x0 + TILE, y0 + TILE)
            if 0.02 < f < 0.6:
                ok = False
                break
            if f >= 0.6:
                bx, by, bw, bh = b
                ax0, ay0 = max(bx, x0) - x0, max(by, y0) - y0
                ax1, ay1 = min(bx + bw, x0 + TILE) - x0, min(by + bh, y0 + TILE) - y0
                objs.append({'class': c, 'bbox': [round(ax0, 1), round(ay0, 1), round(ax1 - ax0, 1), round(ay1 - ay0, 1)]})
        if ok:
            return img.crop((x0, y0, x0 + TILE, y0 + TILE)), objs
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--ckpt', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--scales', nargs='*', type=float, default=[1.0, 0.5, 0.25, 0.125])
    ap.add_argument('--conf', type=float, default=0.3)
    ap.add_argument('--per-view', type=int, default=40, help='at most this many tiles per photo and scale')
    ap.add_argument('--seed', type=int, default=4242)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    rng = np.random.default_rng(a.seed)
    net, _ = load(a.ckpt, 640)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    labels, counts = [], {c: 0 for c in CLASSES}
    for name, s, img, lab, dets, wrong_dets in cc0_wrong_detections(net, a.scales, a.conf):
        wrong = [(c, score, (x1 + x2) / 2, (y1 + y2) / 2) for c, score, x1, y1, x2, y2 in sorted(wrong_dets, key=lambda d: -d[1])]
        taken = []
        for c, score, cx, cy in wrong:
            if len(taken) >= a.per_view:
                break
            if any(abs(cx - tx) < TILE / 3 and abs(cy - ty) < TILE / 3 for tx, ty in taken):
                continue  # one tile already covers this spot
            t = tile_around(img, lab, cx, cy, rng)
            if t is None:
                continue
            crop, objs = t
            taken.append((cx, cy))
            counts[CLASSES[c]] += 1
            fname = f'hn_{Path(name).stem}_{int(s * 1000)}_{len(taken):03d}.jpg'
            crop.save(out / fname, quality=int(rng.integers(70, 95)))
            labels.append({'file': fname, 'width': TILE, 'height': TILE, 'objects': objs})
        print(f'{name} x{s}: {len(dets)} detections >= {a.conf}, {len(wrong)} wrong, {len(taken)} tiles', flush=True)
    (out / 'labels.json').write_text(json.dumps(labels, indent=1))
    print(f'wrote {len(labels)} hard-negative tiles to {out}; mined from false {counts}')


if __name__ == '__main__':
    main()
