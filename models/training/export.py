"""Export the trained checkpoint to ONNX (Ultralytics YOLOv8 detect layout) and write the manifest.

    /usr/bin/python3 models/training/export.py --ckpt models/training/out/ckpt.pt --version 1.0.0 \
        [--size 640] [--metrics metrics.json] [--thresholds thresholds.json]

Writes models/dy-hazard/<version>/model.onnx and manifest.json. Input `images` float32 [B,3,S,S]
RGB 0..1 (letterbox pad 114/255); output `output0` [B, 10, N] = cx, cy, w, h (input pixels) + 6
sigmoid class scores. Batch is dynamic, spatial size fixed at --size.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import onnx
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from model import Detector, ExportWrapper  # noqa: E402
from scene import CLASSES  # noqa: E402

NAMES = {'fire': ('明火', 'Fire'), 'smoke': ('烟雾', 'Smoke'), 'excavator': ('施工机械', 'Excavator'),
         'oil_spill': ('油污泄漏', 'Oil spill'), 'steel_shed': ('彩钢棚违建', 'Steel shed'),
         'tanker_truck': ('危化品罐车', 'Tanker truck')}
DEFAULT_THRESHOLDS = {'fire': 0.5, 'smoke': 0.5, 'excavator': 0.5, 'oil_spill': 0.5, 'steel_shed': 0.5,
                      'tanker_truck': 0.5}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt', default=str(HERE / 'out' / 'ckpt.pt'))
    ap.add_argument('--version', default='1.0.0')
    ap.add_argument('--size', type=int, default=640)
    ap.add_argument('--out-root', default=None, help='default: models/<name>')
    ap.add_argument('--metrics', default=None, help='JSON file stored as metrics.python')
    ap.add_argument('--thresholds', default=None, help='JSON {class: threshold}')
    ap.add_argument('--description', default=None, help='text file with the training description')
    ap.add_argument('--data-seeds', default='1000..1007 (8 x 500 tiles); fine-tune adds 1008 (600 CC0 native-scale tiles)',
                    help='which generated shards trained it (free text, stored in the manifest)')
    ap.add_argument('--max-px-per-m', type=float, default=100.0,
                    help='sharpest ground resolution trained on (px/m); sharper photos are shrunk to it before detection (0: none recorded)')
    ap.add_argument('--note', default=None, help='free text stored as training.note (e.g. the stages it went through)')
    ap.add_argument('--name', default='dy-hazard', help='model name (folder under models/)')
    ap.add_argument('--band', default='visible', choices=['visible', 'thermal'], help='the band of photos it serves')
    ap.add_argument('--no-tiling', action='store_true', help='the model sees each photo whole, shrunk to its input (manifest tiling false)')
    ap.add_argument('--calibration', default=None, help='calibrate_temperature.py report: its temperature, thresholds and ECE go into the manifest')
    ap.add_argument('--dataset', default=None, help='JSON file: the training data credit (name, authors, licence, url) for manifest training.dataset')
    ap.add_argument('--split', default=None, help='thermal_data.py split.json: which sources were held out (manifest training.split)')
    a = ap.parse_args()
    ck = torch.load(a.ckpt)
    classes = ck.get('classes') or CLASSES
    det = Detector(len(classes), **ck['cfg'])
    det.load_state_dict(ck['model'])
    det.eval()
    net = ExportWrapper(det, (a.size, a.size)).eval()
    out_dir = Path(a.out_root or HERE.parent / a.name) / a.version
    out_dir.mkdir(parents=True, exist_ok=True)
    onnx_path = out_dir / 'model.onnx'
    x = torch.zeros(1, 3, a.size, a.size)
    torch.onnx.export(net, x, str(onnx_path), input_names=['images'], output_names=['output0'], opset_version=17,
                      dynamic_axes={'images': {0: 'batch'}, 'output0': {0: 'batch'}}, do_constant_folding=True)
    m = onnx.load(str(onnx_path))
    onnx.checker.check_model(m)
    m.metadata_props.add(key='names', value=json.dumps({i: c for i, c in enumerate(classes)}))
    m.metadata_props.add(key='imgsz', value=json.dumps([a.size, a.size]))
    m.metadata_props.add(key='stride', value='32')
    m.metadata_props.add(key='task', value='detect')
    onnx.save(m, str(onnx_path))
    data = onnx_path.read_bytes()
    th = {c: DEFAULT_THRESHOLDS.get(c, 0.5) for c in classes}
    if a.thresholds:
        th.update(json.loads(Path(a.thresholds).read_text()))
    cal = json.loads(Path(a.calibration).read_text()) if a.calibration else None
    if cal:
        th.update(cal['thresholds'])
    desc = Path(a.description).read_text().strip() if a.description else ''
    manifest = {
        'name': a.name, 'version': a.version, 'file': 'model.onnx', 'band': a.band,
        'sha256': hashlib.sha256(data).hexdigest(),
        'classes': [{'id': c, 'zh': NAMES[c][0], 'en': NAMES[c][1]} for c in classes],
        'input': {'name': 'images', 'width': a.size, 'height': a.size},
        'output': {'layout': 'yolov8'},
        'thresholds': th, 'nmsIou': 0.5, **({'maxPxPerM': a.max_px_per_m} if a.max_px_per_m > 0 else {}),
        'training': {'description': desc, 'seed': ck['seed'], 'dataSeeds': a.data_seeds,
                     'trainSize': ck['size'], 'steps': ck['steps'], 'imagesSeen': ck['seen'],
                     'epochs': ck['epochs'], 'minutes': round(ck['minutes'], 1), 'batch': ck['batch'],
                     'hardware': '2 shared CPU cores, Debian PyTorch ' + torch.__version__,
                     'recipe': 'models/training/README.md'},
        'metrics': {},
    }
    if a.note:
        manifest['training']['note'] = a.note
    if a.no_tiling:
        manifest['tiling'] = False
    if cal:
        manifest['calibration'] = {'method': 'temperature', 'temperature': cal['temperature'],
                                   'fit': cal['fit'], 'test': cal['test'], 'note': cal['method']}
    if a.dataset:
        manifest['training']['dataset'] = json.loads(Path(a.dataset).read_text())
    if a.split:
        manifest['training']['split'] = json.loads(Path(a.split).read_text())
    if a.metrics:
        manifest['metrics']['python'] = json.loads(Path(a.metrics).read_text())
    (out_dir / 'manifest.json').write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + '\n')
    print(f'{onnx_path}: {len(data) / 1e6:.2f} MB, sha256 {manifest["sha256"]}')


if __name__ == '__main__':
    main()
