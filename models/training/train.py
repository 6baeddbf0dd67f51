"""Train the compact detector on the generated tiles (CPU, time-budgeted).

    nohup nice -n 5 /usr/bin/python3 models/training/train.py --minutes 40 \
        > models/training/out/train.log 2>&1 &

Reads every models/training/data/train/shard*/labels.json present (re-scanned each epoch, so it
can start while gen_train.sh is still writing shards). FCOS-style assignment with centre sampling
and per-level size ranges; BCE on sigmoid class scores, GIoU on ltrb boxes; EMA weights; cosine
learning rate over the wall-clock budget. Saves models/training/out/ckpt.pt (EMA weights).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from copy import deepcopy
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from model import STRIDES, Detector, flatten, points_for  # noqa: E402
from scene import CLASSES  # noqa: E402

CFG = {'w': (16, 24, 40, 64, 96), 'hc': 32, 'hn': 1, 'n3': 1}
# per-level range of max(l, t, r, b) in pixels (overlapping, so border sizes train two levels)
RANGES = {8: (0, 96), 16: (48, 192), 32: (96, 1e9)}


def load_items(root: Path, oversample=None):
    items = []
    for lj in sorted(root.glob('shard*/labels.json')):
        k = (oversample or {}).get(lj.parent.name, 1)
        for e in json.loads(lj.read_text()):
            items.extend([(lj.parent / e['file'], e['objects'])] * k)
    return items


def sample(item, size, rng: random.Random):
    """Random crop (288..384 px, rescaled to `size`), flips, 90-degree turns. Boxes as xyxy."""
    path, objs = item
    im = Image.open(path).convert('RGB')
    W, H = im.size
    c = rng.randint(int(size * 0.9), min(W, H))
    x0, y0 = rng.randint(0, W - c), rng.randint(0, H - c)
    im = im.crop((x0, y0, x0 + c, y0 + c)).resize((size, size), Image.BILINEAR)
    f = size / c
    boxes, labels = [], []
    for o in objs:
        x, y, w, h = o['bbox']
        a0, b0 = max(x, x0), max(y, y0)
        a1, b1 = min(x + w, x0 + c), min(y + h, y0 + c)
        if a1 <= a0 or b1 <= b0:
            continue
        if (a1 - a0) * (b1 - b0) < 0.45 * w * h:
            continue
        boxes.append([(a0 - x0) * f, (b0 - y0) * f, (a1 - x0) * f, (b1 - y0) * f])
        labels.append(CLASSES.index(o['class']))
    a = np.asarray(im, np.float32) / 255.0
    b = np.array(boxes, np.float32).reshape(-1, 4)
    if rng.random() < 0.5:
        a = a[:, ::-1]
        b[:, [0, 2]] = size - b[:, [2, 0]]
    if rng.random() < 0.5:
        a = a[::-1]
        b[:, [1, 3]] = size - b[:, [3, 1]]
    if rng.random() < 0.5:
        a = a.transpose(1, 0, 2)
        b = b[:, [1, 0, 3, 2]]
    return torch.from_numpy(np.ascontiguousarray(a.transpose(2, 0, 1))), torch.from_numpy(b), torch.tensor(labels, dtype=torch.long)


def assign(pts, strides, gt, lab):
    """Per point: index of its gt (or -1). Centre sampling radius 2.5 strides, size ranges per level."""
    n = pts.shape[0]
    if gt.shape[0] == 0:
        return torch.full((n,), -1, dtype=torch.long)
    px, py = pts[:, 0:1], pts[:, 1:2]
    l, t = px - gt[None, :, 0], py - gt[None, :, 1]
    r, b = gt[None, :, 2] - px, gt[None, :, 3] - py
    ltrb = torch.stack([l, t, r, b], -1)
    inside = ltrb.min(-1).values > 0
    gcx, gcy = (gt[:, 0] + gt[:, 2]) / 2, (gt[:, 1] + gt[:, 3]) / 2
    rad = 2.5 * strides[:, None]
    centre = ((px - gcx[None]).abs() < rad) & ((py - gcy[None]).abs() < rad)
    m = ltrb.max(-1).values
    lo = torch.zeros_like(strides)
    hi = torch.zeros_like(strides)
    for s, (a, bb) in RANGES.items():
        lo[strides == s] = a
        hi[strides == s] = bb
    rng_ok = (m >= lo[:, None]) & (m <= hi[:, None])
    cand = inside & centre & rng_ok
    # every gt gets at least its nearest inside point (tiny or thin objects)
    missing = ~cand.any(0)
    if missing.any():
        d = ((px - gcx[None]) ** 2 + (py - gcy[None]) ** 2) / strides[:, None] ** 2
        d = torch.where(inside | centre, d, torch.full_like(d, 1e9))
        for j in torch.nonzero(missing).flatten():
            cand[d[:, j].argmin(), j] = True
    area = ((gt[:, 2] - gt[:, 0]) * (gt[:, 3] - gt[:, 1]))[None].expand(n, -1).clone()
    area[~cand] = float('inf')
    amin, idx = area.min(1)
    idx[torch.isinf(amin)] = -1
    return idx


def giou_loss(p, g):
    x1 = torch.max(p[:, 0], g[:, 0]); y1 = torch.max(p[:, 1], g[:, 1])
    x2 = torch.min(p[:, 2], g[:, 2]); y2 = torch.min(p[:, 3], g[:, 3])
    inter = (x2 - x1).clamp(0) * (y2 - y1).clamp(0)
    ap = (p[:, 2] - p[:, 0]) * (p[:, 3] - p[:, 1])
    ag = (g[:, 2] - g[:, 0]) * (g[:, 3] - g[:, 1])
    union = ap + ag - inter + 1e-6
    iou = inter / union
    cx1 = torch.min(p[:, 0], g[:, 0]); cy1 = torch.min(p[:, 1], g[:, 1])
    cx2 = torch.max(p[:, 2], g[:, 2]); cy2 = torch.max(p[:, 3], g[:, 3])
    carea = (cx2 - cx1) * (cy2 - cy1) + 1e-6
    return 1 - (iou - (carea - union) / carea), iou


def compute_loss(feats, batch_boxes, batch_labels, nc):
    d, logits = flatten(feats)
    pts, strides = points_for(feats)
    B = d.shape[0]
    tgt = torch.zeros_like(logits)
    pb, gb = [], []
    for i in range(B):
        idx = assign(pts, strides, batch_boxes[i], batch_labels[i])
        fg = idx >= 0
        if fg.any():
            g = batch_boxes[i][idx[fg]]
            p = pts[fg]
            dd = d[i][fg]
            pb.append(torch.stack([p[:, 0] - dd[:, 0], p[:, 1] - dd[:, 1], p[:, 0] + dd[:, 2], p[:, 1] + dd[:, 3]], -1))
            gb.append(g)
            tgt[i, torch.nonzero(fg).flatten(), batch_labels[i][idx[fg]]] = 1.0
    nfg = max(1, sum(len(x) for x in gb))
    lcls = F.binary_cross_entropy_with_logits(logits, tgt, reduction='sum') / nfg
    if gb:
        lg, _ = giou_loss(torch.cat(pb), torch.cat(gb))
        lbox = lg.mean()
    else:
        lbox = logits.sum() * 0
    return lcls + 2.0 * lbox, lcls.detach(), lbox.detach(), nfg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--minutes', type=float, default=40)
    ap.add_argument('--size', type=int, default=320)
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--data', default=str(HERE / 'data' / 'train'))
    ap.add_argument('--out', default=str(HERE / 'out' / 'ckpt.pt'))
    ap.add_argument('--resume', default=None, help='start from these weights (fine-tune)')
    ap.add_argument('--oversample', nargs='*', default=[], help='SHARD=K: list that shard K times per epoch')
    ap.add_argument('--classes', default=None, help='comma-separated class names in output order (default: the six rendered hazards)')
    a = ap.parse_args()
    if a.classes:
        global CLASSES
        CLASSES = a.classes.split(',')
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    model = Detector(len(CLASSES), **CFG)
    if a.resume:
        model.load_state_dict(torch.load(a.resume)['model'])
    ema = deepcopy(model).eval()
    for p in ema.parameters():
        p.requires_grad_(False)
    decay, no_decay = [], []
    for n_, p in model.named_parameters():
        (no_decay if p.ndim <= 1 else decay).append(p)
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 5e-4}, {'params': no_decay, 'weight_decay': 0}],
                            lr=a.lr, betas=(0.9, 0.999))
    budget = a.minutes * 60
    t0 = time.time()
    step, seen, last_save, epoch = 0, 0, t0, 0
    log = {'lc': 0.0, 'lb': 0.0, 'n': 0}
    while True:
        items = load_items(Path(a.data), {s.split('=')[0]: int(s.split('=')[1]) for s in a.oversample})
        if not items:
            time.sleep(20)
            continue
        rng.shuffle(items)
        epoch += 1
        print(f'epoch {epoch}: {len(items)} tiles', flush=True)
        for k in range(0, len(items) - a.batch + 1, a.batch):
            frac = (time.time() - t0) / budget
            if frac >= 1:
                break
            lr = a.lr * (0.03 + 0.97 * 0.5 * (1 + math.cos(math.pi * frac)))
            if step < 100:
                lr *= (step + 1) / 100
            for g in opt.param_groups:
                g['lr'] = lr
            batch = [sample(it, a.size, rng) for it in items[k:k + a.batch]]
            x = torch.stack([b[0] for b in batch])
            model.train()
            feats = model(x)
            loss, lc, lb, _ = compute_loss(feats, [b[1] for b in batch], [b[2] for b in batch], len(CLASSES))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            opt.step()
            step += 1
            seen += len(batch)
            dcy = 0.999 * (1 - math.exp(-step / 300))
            with torch.no_grad():
                msd = model.state_dict()
                for kk, v in ema.state_dict().items():
                    if v.dtype.is_floating_point:
                        v.mul_(dcy).add_(msd[kk].detach(), alpha=1 - dcy)
                    else:
                        v.copy_(msd[kk])
            log['lc'] += float(lc); log['lb'] += float(lb); log['n'] += 1
            if step % 20 == 0:
                el = time.time() - t0
                print(f'step {step} seen {seen} {el / 60:.1f} min lr {lr:.2e} cls {log["lc"] / log["n"]:.3f} '
                      f'giou {log["lb"] / log["n"]:.3f} ({seen / el:.1f} img/s)', flush=True)
                log = {'lc': 0.0, 'lb': 0.0, 'n': 0}
            if time.time() - last_save > 300:
                save(ema, a, step, seen, t0, epoch)
                last_save = time.time()
        if (time.time() - t0) >= budget:
            break
    save(ema, a, step, seen, t0, epoch)
    print('done', flush=True)


def save(ema, a, step, seen, t0, epoch):
    torch.save({'model': ema.state_dict(), 'cfg': CFG, 'size': a.size, 'steps': step, 'seen': seen,
                'minutes': (time.time() - t0) / 60, 'epochs': epoch, 'seed': a.seed, 'batch': a.batch,
                'lr': a.lr, 'resume': a.resume, 'oversample': a.oversample, 'classes': list(CLASSES),
                'data': a.data}, a.out)
    print(f'saved {a.out} at step {step}', flush=True)


if __name__ == '__main__':
    main()
