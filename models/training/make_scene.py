"""Render hand-specified scenes (demo missions) with hazards at requested pixel positions.

    /usr/bin/python3 models/training/make_scene.py --spec spec.json --out DIR

spec.json:
    {"photos": [{"file": "DJI_0001.jpg", "width": 2000, "height": 1500, "seed": 11,
                 "background": "industrial",            # industrial | farmland | construction | pipeline | real
                 "hazards": [{"class": "fire", "cx": 800, "cy": 600, "size_px": 120}]}]}
(a bare list of photos is accepted too). "hazards": [] renders a clean photo. Optional per photo:
"quality" (JPEG, default 88), "ppm" (pixels per metre of the ground). Writes each JPEG and DIR/labels.json in the make_dataset.py format; the labelled box of each hazard is
the tight box of what was drawn, so it can differ a little from cx/cy/size_px (smoke drifts with the
wind, sprites are rotated). No GPS/EXIF is written: the caller adds poses.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scene import BACKGROUNDS, CLASSES, jpeg_bytes, render  # noqa: E402


# median (long side of labelled box) / (requested sprite size), measured over 20 random sprites per class
SIZE_FIX = {'fire': 1 / 0.85, 'steel_shed': 1 / 1.09}


def render_photo(p: dict):
    """One spec entry -> (jpeg bytes, label entry)."""
    bg = p.get('background', 'industrial')
    if bg not in BACKGROUNDS:
        raise ValueError(f'background must be one of {BACKGROUNDS}, got {bg!r}')
    hz = []
    for h in p.get('hazards', []):
        if h['class'] not in CLASSES:
            raise ValueError(f'unknown class {h["class"]!r}; expected one of {CLASSES}')
        # drawn extent / requested size differs by class (fire's flickering rim is faint), so scale the
        # request to make the labelled box's long side come out close to size_px
        size = int(h['size_px'] * SIZE_FIX.get(h['class'], 1.0))
        hz.append({'class': h['class'], 'cx': float(h['cx']), 'cy': float(h['cy']), 'size_px': size})
    rng = np.random.default_rng([int(p.get('seed', 0)), 7])
    ppm = p.get('ppm')
    if ppm is None and not hz:
        ppm = max(p['width'], p['height']) / 150.0  # about 100 m altitude with a wide lens
    arr, objs = render(rng, int(p['width']), int(p['height']), hazards=hz, background=bg, ppm=ppm,
                       negative=not hz)
    entry = {'file': p['file'], 'width': int(p['width']), 'height': int(p['height']), 'objects': objs}
    return jpeg_bytes(arr, rng, int(p.get('quality', 88))), entry


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--spec', required=True)
    ap.add_argument('--out', required=True)
    a = ap.parse_args(argv)
    spec = json.loads(Path(a.spec).read_text())
    photos = spec['photos'] if isinstance(spec, dict) else spec
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    labels = []
    for p in photos:
        data, entry = render_photo(p)
        (out / p['file']).write_bytes(data)
        labels.append(entry)
    (out / 'labels.json').write_text(json.dumps(labels, indent=1))
    print(f'wrote {len(labels)} photos to {out}')


if __name__ == '__main__':
    main()
