"""Generate a labelled set of synthetic patrol photos.

    /usr/bin/python3 models/training/make_dataset.py --seed 7 --count 60 --out /tmp/evalset

writes DIR/<name>.jpg and DIR/labels.json:
    [{"file": "s7_00000.jpg", "width": W, "height": H, "objects": [{"class": "fire", "bbox": [x, y, w, h]}]}]
(bbox in pixels, top-left origin). Photo i always holds a hazard of class CLASSES[i % 6], so any
count >= 6 covers every class. Training uses the same code with --width/--height 384 and
--negatives (share of hazard-free tiles). Same seed, same arguments -> same bytes.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scene import CLASSES, LOOKALIKE_LEVELS, TYPICAL_M, jpeg_bytes, render  # noqa: E402


def make_one(args):
    seed, i, width, height, neg_frac, out, prefix, ppm_range, quality, background, lookalikes = args
    rng = np.random.default_rng([seed, i])
    negative = rng.random() < neg_frac
    ppm = math.exp(rng.uniform(math.log(ppm_range[0]), math.log(ppm_range[1])))
    hazards = None
    if not negative:
        n = int(rng.choice([1, 1, 2, 2, 3, 4]))
        classes = [CLASSES[i % len(CLASSES)]] + [CLASSES[rng.integers(len(CLASSES))] for _ in range(n - 1)]
        hazards = []
        for c in classes:
            L = TYPICAL_M[c] * ppm * math.exp(rng.uniform(-0.5, 0.5))
            hazards.append({'class': c, 'cx': None, 'cy': None, 'size_px': int(min(max(14, L), 0.6 * min(width, height)))})
    arr, objs = render(rng, width, height, hazards=hazards, ppm=ppm, negative=negative, background=background,
                       lookalikes=lookalikes)
    name = f'{prefix}{i:05d}.jpg'
    (Path(out) / name).write_bytes(jpeg_bytes(arr, rng, quality))
    return {'file': name, 'width': width, 'height': height, 'objects': objs}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--seed', type=int, required=True)
    ap.add_argument('--count', type=int, required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--width', type=int, default=1280)
    ap.add_argument('--height', type=int, default=960)
    ap.add_argument('--negatives', type=float, default=0.0, help='share of hazard-free photos')
    ap.add_argument('--ppm-min', type=float, default=None, help='pixels per metre, lower bound')
    ap.add_argument('--ppm-max', type=float, default=None)
    ap.add_argument('--workers', type=int, default=1)
    ap.add_argument('--background', default=None, help='industrial|farmland|construction|pipeline|real (default: mixed)')
    ap.add_argument('--lookalikes', default='base', choices=list(LOOKALIKE_LEVELS),
                    help='extra: also the look-alikes added after 1.1.0 (autumn trees, crates, containers, vans, coloured '
                         'tanks); dense: also car parks, villages, tank farms, farm machinery, pumpjacks, and more clutter; '
                         'local: also greenhouses, solar arrays, pipe racks, cement roads')
    ap.add_argument('--quality', type=int, default=None, help='JPEG quality (default: random 60..94)')
    a = ap.parse_args(argv)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    # Big photos: 3..14 px/m (a 1280 px frame spans 90..430 m); tiles: 2.5..30 px/m.
    big = max(a.width, a.height) > 640
    ppm_range = (a.ppm_min or (3.0 if big else 2.5), a.ppm_max or (14.0 if big else 30.0))
    jobs = [(a.seed, i, a.width, a.height, a.negatives, str(out), f's{a.seed}_', ppm_range, a.quality, a.background, a.lookalikes) for i in range(a.count)]
    if a.workers > 1:
        with Pool(a.workers) as p:
            labels = p.map(make_one, jobs, chunksize=8)
    else:
        labels = [make_one(j) for j in jobs]
    (out / 'labels.json').write_text(json.dumps(labels, indent=1))
    n = sum(len(x['objects']) for x in labels)
    print(f'wrote {len(labels)} photos, {n} objects to {out}')


if __name__ == '__main__':
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    main()
