"""Split the thermal fire set (Roboflow "Fire - v3", YOLOv8 labels) by frame source and write it in the
recipe's labels.json layout, so train.py / evaluate.py / calibrate.py read it unchanged.

    /usr/bin/python3 models/training/thermal_data.py --src ../shared/realdata/thermal_fire \
        --out models/training/data/thermal_fire --seed 17

Roboflow exported three augmented versions of every source frame (`cap_<n>_jpg.rf.<hash>.jpg`), spread
over its own train/valid/test folders, so a split by file would put copies of one frame on both sides.
All three folders are pooled, grouped by `cap_<n>`, and whole groups are dealt (seeded shuffle) into
test (18 %), calib (12 %) and train (the rest). Writes:
    <out>/train/shard0/labels.json   read by train.py (--data <out>/train)
    <out>/calib/labels.json          temperature and thresholds (calibrate.py)
    <out>/test/labels.json           held-out evaluation (evaluate.py --set)
    <out>/split.json                 which cap numbers went where
Each entry: {"file": absolute path, "objects": [{"class": "fire", "bbox": [x, y, w, h] px}]}.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from PIL import Image

CAP = re.compile(r'^cap_(\d+)_')


def read_labels(label_file: Path, width: int, height: int) -> list[dict]:
    objects = []
    if not label_file.exists():
        return objects
    for line in label_file.read_text().split('\n'):
        parts = line.split()
        if len(parts) != 5:
            continue
        _, cx, cy, w, h = (float(v) for v in parts)
        objects.append({'class': 'fire', 'bbox': [round((cx - w / 2) * width, 2), round((cy - h / 2) * height, 2),
                                                  round(w * width, 2), round(h * height, 2)]})
    return objects


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--src', required=True, help='the dataset root (train/valid/test with images/ and labels/)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=17)
    ap.add_argument('--test', type=float, default=0.18, help='fraction of cap groups held out for testing')
    ap.add_argument('--calib', type=float, default=0.12, help='fraction of cap groups for calibration')
    ap.add_argument('--shrink', type=float, default=1.0,
                    help='write the training images shrunk by this factor to <out>/images (the shipped model sees '
                         'thermal photos whole at half size: 0.5); calib and test keep the originals')
    a = ap.parse_args()
    src, out = Path(a.src).resolve(), Path(a.out)
    groups: dict[int, list[Path]] = {}
    for img in sorted(src.glob('*/images/*.jpg')):
        m = CAP.match(img.name)
        if not m:
            raise SystemExit(f'{img}: name does not start with cap_<n>_')
        groups.setdefault(int(m.group(1)), []).append(img)
    caps = sorted(groups)
    random.Random(a.seed).shuffle(caps)
    n_test, n_calib = round(len(caps) * a.test), round(len(caps) * a.calib)
    split = {'test': sorted(caps[:n_test]), 'calib': sorted(caps[n_test:n_test + n_calib]),
             'train': sorted(caps[n_test + n_calib:])}
    for name, members in split.items():
        entries = []
        for cap in members:
            for img in groups[cap]:
                with Image.open(img) as im:
                    w, h = im.size
                    file = img
                    if name == 'train' and a.shrink != 1.0:
                        w, h = round(w * a.shrink), round(h * a.shrink)
                        file = (out / 'images' / img.name).resolve()
                        file.parent.mkdir(parents=True, exist_ok=True)
                        im.convert('RGB').resize((w, h), Image.BILINEAR).save(file, quality=95)
                entries.append({'file': str(file), 'objects': read_labels(img.parent.parent / 'labels' / (img.stem + '.txt'), w, h)})
        d = out / name / 'shard0' if name == 'train' else out / name
        d.mkdir(parents=True, exist_ok=True)
        (d / 'labels.json').write_text(json.dumps(entries))
        print(f'{name}: {len(members)} sources, {len(entries)} images, {sum(len(e["objects"]) for e in entries)} boxes, '
              f'{sum(1 for e in entries if not e["objects"])} without fire')
    (out / 'split.json').write_text(json.dumps({'seed': a.seed, **split}))


if __name__ == '__main__':
    main()
