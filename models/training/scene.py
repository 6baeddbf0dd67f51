"""Synthetic top-down patrol scenes with labelled hazards.

One renderer serves three uses: training tiles (train.py via make_dataset.build_training_set),
evaluation photos (make_dataset.py) and hand-specified demo photos (make_scene.py).

Everything is drawn with numpy + PIL from a seeded numpy Generator, so a (seed, size, options)
triple always gives the same pixels. Real pixels come only from the CC0 construction-site drone
photos (see REAL_DIR); nothing else under realdata is read here (licences forbid training use).
"""
from __future__ import annotations

import io
import math
import os
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

CLASSES = ['fire', 'smoke', 'excavator', 'oil_spill', 'steel_shed', 'tanker_truck']
BACKGROUNDS = ['industrial', 'farmland', 'construction', 'pipeline', 'real']

# Typical real size (long side, metres) of each hazard: ties object pixel size to ground sampling.
TYPICAL_M = {'fire': 3.0, 'smoke': 14.0, 'excavator': 9.0, 'oil_spill': 7.0, 'steel_shed': 16.0,
             'tanker_truck': 11.0}

_HERE = Path(__file__).resolve().parent
REAL_DIR = Path(os.environ.get('DY_CC0_DIR', _HERE.parents[2] / 'shared' / 'realdata' / 'aerial'
                               / 'construction_site_drone'))
# CC0 (OpenDroneMap/odm_data_caliterra). Boxes found by looking at the 4000x3000 photo: a tracked
# machine at the excavation (lower left) and a second one cut by the bottom edge.
REAL_FILES = ['caliterra_IMG_9358.jpg', 'caliterra_IMG_9372.jpg', 'caliterra_IMG_9381.jpg',
              'caliterra_IMG_9395.jpg', 'caliterra_IMG_9403.jpg', 'caliterra_IMG_9410.jpg']
REAL_BOXES = {'caliterra_IMG_9403.jpg': [('excavator', (955, 2080, 335, 300)),
                                         ('excavator', (630, 2845, 190, 155))]}
_REAL_SCALE = 2  # keep real photos in memory at half size
_real_cache: dict[str, np.ndarray] = {}


# ---------------------------------------------------------------- helpers

def _f(img: Image.Image) -> np.ndarray:
    return np.asarray(img, dtype=np.float32) / 255.0


def noise(rng: np.random.Generator, h: int, w: int, scale: float, octaves: int = 4) -> np.ndarray:
    """Fractal value noise in 0..1; `scale` is the feature size of the first octave in pixels."""
    out = np.zeros((h, w), np.float32)
    amp, tot = 1.0, 0.0
    s = max(scale, 2.0)
    for _ in range(octaves):
        gh, gw = max(2, int(h / s) + 2), max(2, int(w / s) + 2)
        g = rng.random((gh, gw), dtype=np.float32)
        im = Image.fromarray((g * 255).astype(np.uint8)).resize((int(gw * s), int(gh * s)), Image.BICUBIC)
        a = np.asarray(im, np.float32)[:h, :w] / 255.0
        if a.shape != (h, w):
            a = np.pad(a, ((0, h - a.shape[0]), (0, w - a.shape[1])), mode='edge')
        out += amp * a
        tot += amp
        amp *= 0.5
        s /= 2.0
        if s < 1.5:
            break
    out /= tot
    lo, hi = out.min(), out.max()
    return (out - lo) / max(hi - lo, 1e-6)


def _rot(pts, ang, cx=0.0, cy=0.0):
    c, s = math.cos(ang), math.sin(ang)
    return [(cx + x * c - y * s, cy + x * s + y * c) for x, y in pts]


def _rect(cx, cy, w, h, ang=0.0):
    pts = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    return _rot(pts, ang, cx, cy)


def _col(c, rng, j=0.06):
    return tuple(int(255 * min(1, max(0, v + rng.uniform(-j, j)))) for v in c)


def _blob_alpha(rng, size: int, smooth: float = 0.25, fill: float = 0.55, elong: float = 1.0) -> np.ndarray:
    """Irregular blob mask (0..1) of roughly `size` px: noise thresholded inside a soft ellipse."""
    h = w = max(8, size)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.sqrt(((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2 / elong)) ** 2)
    n = noise(rng, h, w, max(3, size * smooth), 4)
    v = n * 0.9 + (1 - r) * 1.1
    t = np.quantile(v, 1 - fill * 0.75)
    a = np.clip((v - t) / 0.08, 0, 1)
    return a


# ---------------------------------------------------------------- hazard sprites (RGBA, canonical pose)

def sprite_excavator(rng, L: int) -> Image.Image:
    S = int(L * 1.25)
    im = Image.new('RGBA', (S, S), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    c = S / 2
    kind = rng.choice(['excavator', 'excavator', 'excavator', 'loader', 'dozer', 'roller'])
    body = [(0.93, 0.72, 0.08), (0.95, 0.55, 0.08), (0.9, 0.8, 0.2), (0.85, 0.6, 0.1)][rng.integers(4)]
    if rng.random() < 0.12:
        body = [(0.9, 0.9, 0.88), (0.2, 0.45, 0.75), (0.8, 0.2, 0.15)][rng.integers(3)]
    dark = _col((0.16, 0.15, 0.14), rng, 0.04)
    bc = _col(body, rng)
    if kind == 'excavator':
        tl, tw, gap = 0.55 * L, 0.11 * L, 0.36 * L
        for sgn in (-1, 1):
            d.polygon(_rect(c - 0.12 * L, c + sgn * gap / 2, tl, tw), fill=dark)
            for k in range(int(tl / max(2, L * 0.03))):
                x = c - 0.12 * L - tl / 2 + k * max(2, L * 0.03)
                d.line([(x, c + sgn * gap / 2 - tw / 2), (x, c + sgn * gap / 2 + tw / 2)], fill=_col((0.3, 0.28, 0.25), rng), width=1)
        sw = rng.uniform(-math.pi, math.pi)
        hx, hy = c - 0.12 * L, c
        d.polygon(_rot([(-0.2 * L, -0.17 * L), (0.16 * L, -0.17 * L), (0.16 * L, 0.17 * L), (-0.2 * L, 0.17 * L)], sw, hx, hy), fill=bc)
        d.polygon(_rot([(-0.26 * L, -0.15 * L), (-0.18 * L, -0.15 * L), (-0.18 * L, 0.15 * L), (-0.26 * L, 0.15 * L)], sw, hx, hy), fill=_col((body[0] * 0.7, body[1] * 0.7, body[2] * 0.7), rng))
        d.polygon(_rot([(0.02 * L, -0.16 * L), (0.15 * L, -0.16 * L), (0.15 * L, -0.04 * L), (0.02 * L, -0.04 * L)], sw, hx, hy), fill=_col((0.15, 0.2, 0.25), rng))
        for k in range(3):
            d.line(_rot([(-0.15 * L + k * 0.04 * L, 0.0), (-0.15 * L + k * 0.04 * L, 0.14 * L)], sw, hx, hy), fill=dark, width=max(1, L // 60))
        reach = rng.uniform(0.45, 0.75) * L
        d.polygon(_rot([(0.12 * L, 0.02 * L), (0.12 * L + reach, 0.0), (0.12 * L + reach, 0.08 * L), (0.12 * L, 0.1 * L)], sw, hx, hy), fill=bc)
        d.line(_rot([(0.12 * L, 0.06 * L), (0.12 * L + reach, 0.04 * L)], sw, hx, hy), fill=_col((body[0] * 0.6, body[1] * 0.6, body[2] * 0.5), rng), width=max(1, L // 50))
        d.polygon(_rot([(0.1 * L + reach, -0.03 * L), (0.2 * L + reach, -0.03 * L), (0.2 * L + reach, 0.12 * L), (0.1 * L + reach, 0.12 * L)], sw, hx, hy), fill=dark)
    else:
        ang = 0.0
        w = 0.42 * L
        d.polygon(_rect(c, c, 0.7 * L, w, ang), fill=bc)
        d.polygon(_rect(c - 0.05 * L, c, 0.2 * L, 0.3 * L), fill=_col((0.15, 0.2, 0.25), rng))
        d.polygon(_rect(c - 0.28 * L, c, 0.12 * L, w * 0.9), fill=_col((body[0] * 0.7, body[1] * 0.7, body[2] * 0.7), rng))
        if kind == 'roller':
            d.polygon(_rect(c + 0.38 * L, c, 0.2 * L, w * 1.05), fill=_col((0.45, 0.45, 0.43), rng))
        else:
            d.polygon(_rect(c + 0.42 * L, c, 0.12 * L, w * 1.25), fill=dark if kind == 'dozer' else bc)
        for sgn in (-1, 1):
            d.polygon(_rect(c, c + sgn * w * 0.55, 0.6 * L, 0.1 * L), fill=dark)
    a = _f(im)
    sh = noise(rng, S, S, max(3, L / 6), 3)
    a[..., :3] *= (0.8 + 0.3 * sh)[..., None]
    return Image.fromarray((np.clip(a, 0, 1) * 255).astype(np.uint8), 'RGBA')


def sprite_tanker(rng, L: int) -> Image.Image:
    W = max(4, int(L * rng.uniform(0.19, 0.24)))
    S = int(L * 1.05) + 4
    H = W + 6
    im = np.zeros((H, S, 4), np.float32)
    y0 = (H - W) // 2
    cab_l = max(2, int(L * rng.uniform(0.14, 0.2)))
    cab = np.array([(0.8, 0.1, 0.1), (0.95, 0.95, 0.95), (0.15, 0.3, 0.7), (0.9, 0.75, 0.1), (0.15, 0.5, 0.3),
                    (0.55, 0.55, 0.6)][rng.integers(6)], np.float32)
    im[y0:y0 + W, 2:2 + cab_l, :3] = cab * rng.uniform(0.85, 1.1)
    im[y0:y0 + W, 2:2 + cab_l, 3] = 1
    ws = max(1, cab_l // 4)
    im[y0 + 1:y0 + W - 1, 2:2 + ws, :3] = 0.12
    gap = max(1, int(L * rng.uniform(0.01, 0.04)))
    x0 = 2 + cab_l + gap
    tl = S - 4 - x0
    tank = np.array([(0.88, 0.88, 0.86), (0.75, 0.77, 0.8), (0.92, 0.92, 0.9), (0.9, 0.85, 0.55), (0.6, 0.75, 0.85),
                     (0.95, 0.6, 0.2)][rng.choice(6, p=[0.35, 0.25, 0.15, 0.1, 0.08, 0.07])], np.float32)
    t = np.linspace(-1, 1, W, dtype=np.float32)
    prof = np.sqrt(np.clip(1 - t ** 2, 0, 1))
    shade = 0.45 + 0.55 * prof + 0.25 * np.exp(-((t + 0.3) / 0.18) ** 2)
    xs = np.linspace(-1, 1, tl, dtype=np.float32)
    cap = np.sqrt(np.clip(1 - np.clip((np.abs(xs) - 0.9) / 0.1, 0, 1) ** 2, 0, 1))
    alpha = (np.abs(t)[:, None] <= cap[None, :]).astype(np.float32)
    col = tank[None, None, :] * shade[:, None, None] * np.ones((1, tl, 1), np.float32)
    if rng.random() < 0.5:
        band = (np.abs(t) < 0.12)
        col[band] = np.array([0.9, 0.4, 0.1], np.float32)[None, None, :] * shade[band][:, None, None]
    nh = int(rng.integers(2, 5))
    for k in range(nh):
        hx = int(tl * (k + 1) / (nh + 1))
        r = max(1, W // 7)
        col[W // 2 - r:W // 2 + r, max(0, hx - r):hx + r] *= 0.7
    im[y0:y0 + W, x0:x0 + tl, :3] = col
    im[y0:y0 + W, x0:x0 + tl, 3] = alpha
    return Image.fromarray((np.clip(im, 0, 1) * 255).astype(np.uint8), 'RGBA')


def sprite_shed(rng, L: int) -> Image.Image:
    Wd = max(6, int(L * rng.uniform(0.35, 0.8)))
    im = np.zeros((Wd, L, 4), np.float32)
    base = np.array([(0.15, 0.4, 0.75), (0.2, 0.5, 0.85), (0.1, 0.35, 0.65), (0.85, 0.87, 0.88),
                     (0.75, 0.25, 0.2), (0.3, 0.6, 0.75)][rng.choice(6, p=[0.28, 0.2, 0.15, 0.15, 0.12, 0.1])],
                    np.float32)
    base = np.clip(base + rng.uniform(-0.06, 0.06, 3), 0, 1)
    period = max(2.0, L / rng.uniform(25, 60))
    x = np.arange(L, dtype=np.float32)
    rib = 0.88 + 0.14 * (np.sin(2 * np.pi * x / period) > 0.5)
    y = np.arange(Wd, dtype=np.float32)
    side = np.where(y < Wd / 2, rng.uniform(0.95, 1.1), rng.uniform(0.75, 0.92))
    if rng.random() < 0.3:
        side = np.full_like(y, 1.0)
    im[..., :3] = base[None, None, :] * rib[None, :, None] * side[:, None, None]
    im[Wd // 2 - max(1, Wd // 40):Wd // 2 + max(1, Wd // 40), :, :3] = np.clip(base * 1.15, 0, 1)
    e = max(1, Wd // 25)
    im[:e, :, :3] *= 0.8
    im[-e:, :, :3] *= 0.8
    im[:, :e, :3] *= 0.8
    im[:, -e:, :3] *= 0.8
    im[..., 3] = 1
    im[..., :3] *= (0.9 + 0.15 * noise(rng, Wd, L, max(3, L / 4), 2))[..., None]
    return Image.fromarray((np.clip(im, 0, 1) * 255).astype(np.uint8), 'RGBA')


def sprite_oil(rng, L: int) -> Image.Image:
    a = _blob_alpha(rng, L, smooth=rng.uniform(0.15, 0.35), fill=rng.uniform(0.45, 0.7), elong=rng.uniform(1, 2.2))
    h, w = a.shape
    n = noise(rng, h, w, max(3, L / 5), 3)
    dark = np.array([0.05, 0.045, 0.04], np.float32) + rng.uniform(0, 0.06)
    col = np.ones((h, w, 3), np.float32) * dark
    col += (n[..., None] * np.array([0.08, 0.06, 0.04], np.float32))
    edge = np.clip(a * (1 - a) * 4, 0, 1)
    if rng.random() < 0.5:  # iridescent sheen at the rim
        hue = n * 6.28
        sheen = np.stack([np.sin(hue) * 0.5 + 0.5, np.sin(hue + 2.1) * 0.5 + 0.5, np.sin(hue + 4.2) * 0.5 + 0.5], -1)
        col = col * (1 - 0.5 * edge[..., None]) + 0.5 * edge[..., None] * sheen * 0.6
    else:
        col = col * (1 - 0.4 * edge[..., None]) + 0.4 * edge[..., None] * np.array([0.3, 0.22, 0.12], np.float32)
    spec = (n > 0.82) * rng.uniform(0.0, 0.25)
    col += spec[..., None]
    alpha = a * rng.uniform(0.8, 0.97)
    out = np.dstack([np.clip(col, 0, 1), alpha])
    return Image.fromarray((out * 255).astype(np.uint8), 'RGBA')


def sprite_fire(rng, L: int) -> Image.Image:
    a = _blob_alpha(rng, L, smooth=rng.uniform(0.12, 0.3), fill=rng.uniform(0.4, 0.65), elong=rng.uniform(1, 1.8))
    h, w = a.shape
    n = noise(rng, h, w, max(2, L / 6), 3)
    heat = np.clip(a * (0.55 + 0.6 * n), 0, 1.2)
    r = np.clip(0.55 + heat * 0.9, 0, 1)
    g = np.clip(-0.05 + heat * 0.95, 0, 1) ** 1.2
    b = np.clip(-0.5 + heat * 0.8, 0, 1)
    col = np.dstack([r, g, b])
    glow = np.asarray(Image.fromarray((a * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(max(1, L / 10))),
                      np.float32) / 255.0
    alpha = np.clip(np.maximum(a, glow * 0.6), 0, 1)
    col = np.where(a[..., None] > 0.05, col, np.array([1.0, 0.45, 0.1], np.float32))
    out = np.dstack([col, alpha])
    return Image.fromarray((np.clip(out, 0, 1) * 255).astype(np.uint8), 'RGBA')


def sprite_smoke(rng, L: int) -> Image.Image:
    S = L
    h = max(8, int(S * rng.uniform(0.45, 0.9)))
    yy, xx = np.mgrid[0:h, 0:S].astype(np.float32)
    a = np.zeros((h, S), np.float32)
    n_p = 10
    for k in range(n_p):
        t = k / (n_p - 1)
        cx = S * (0.08 + 0.84 * t)
        cy = h / 2 + rng.uniform(-0.12, 0.12) * h
        rad = (0.08 + 0.35 * t) * h + 2
        a = np.maximum(a, np.exp(-(((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * rad ** 2))))
    n = noise(rng, h, S, max(3, S / 6), 4)
    # dense near the source, thinning downwind; mostly white-grey, sometimes black (burning oil)
    a = np.clip(a * (0.75 + 0.6 * n) - 0.05, 0, 1) * rng.uniform(0.8, 1.0)
    a *= np.clip(1.3 - 0.8 * xx / S, 0.45, 1)
    g = rng.uniform(0.25, 0.45) if rng.random() < 0.2 else rng.uniform(0.6, 0.95)
    tint = np.array([g, g, g * rng.uniform(0.95, 1.05)], np.float32)
    col = np.ones((h, S, 3), np.float32) * tint * (0.85 + 0.25 * n[..., None])
    out = np.dstack([np.clip(col, 0, 1), a])
    return Image.fromarray((out * 255).astype(np.uint8), 'RGBA')


SPRITES = {'fire': sprite_fire, 'smoke': sprite_smoke, 'excavator': sprite_excavator, 'oil_spill': sprite_oil,
           'steel_shed': sprite_shed, 'tanker_truck': sprite_tanker}
ALPHA_T = {'fire': 0.3, 'smoke': 0.3, 'excavator': 0.5, 'oil_spill': 0.35, 'steel_shed': 0.5, 'tanker_truck': 0.5}


# ---------------------------------------------------------------- distractors (hazard-free clutter)

def sprite_car(rng, L):
    W = max(3, int(L * 0.45))
    im = Image.new('RGBA', (L + 2, W + 2), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    c = [(0.9, 0.9, 0.9), (0.1, 0.1, 0.1), (0.6, 0.6, 0.62), (0.75, 0.1, 0.1), (0.2, 0.3, 0.6), (0.9, 0.8, 0.1),
         (0.95, 0.5, 0.1)][rng.integers(7)]
    d.rounded_rectangle([1, 1, L, W], radius=max(1, W // 4), fill=_col(c, rng))
    d.rectangle([int(L * 0.25), 2, int(L * 0.38), W - 1], fill=(30, 35, 40, 255))
    return im


def sprite_boxtruck(rng, L):
    W = max(4, int(L * 0.22))
    im = Image.new('RGBA', (L + 2, W + 2), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rectangle([1, 1, int(L * 0.17), W], fill=_col([(0.8, 0.1, 0.1), (0.9, 0.9, 0.9), (0.2, 0.3, 0.7)][rng.integers(3)], rng))
    box = [(0.92, 0.92, 0.92), (0.2, 0.5, 0.3), (0.85, 0.85, 0.8), (0.9, 0.75, 0.1), (0.3, 0.35, 0.6)][rng.integers(5)]
    d.rectangle([int(L * 0.2), 1, L, W], fill=_col(box, rng))
    if rng.random() < 0.5:  # dump truck with load
        d.rectangle([int(L * 0.25), 3, L - 2, W - 2], fill=_col((0.5, 0.42, 0.32), rng))
    return im


def sprite_pipes(rng, L):
    """A row of concrete pipes: the documented trap for tanker_truck in the CC0 photos."""
    n = int(rng.integers(3, 12))
    pw = max(3, int(L / n * rng.uniform(1.2, 2.0)))
    pl = max(4, int(pw * rng.uniform(1.6, 2.6)))
    H = n * (pw + 1) + 2
    im = np.zeros((H, pl + 2, 4), np.float32)
    t = np.linspace(-1, 1, pw, dtype=np.float32)
    shade = 0.5 + 0.5 * np.sqrt(np.clip(1 - t ** 2, 0, 1))
    g = rng.uniform(0.65, 0.9)
    for k in range(n):
        y = 1 + k * (pw + 1)
        im[y:y + pw, 1:1 + pl, :3] = (g * shade)[:, None, None]
        im[y:y + pw, 1:1 + pl, 3] = 1
    im = Image.fromarray((np.clip(im, 0, 1) * 255).astype(np.uint8), 'RGBA')
    return im.rotate(90, expand=True) if rng.random() < 0.5 else im


def sprite_building(rng, L):
    Wd = max(6, int(L * rng.uniform(0.4, 0.9)))
    kind = rng.choice(['flat', 'tile', 'white', 'plainblue', 'solar', 'hip'])
    im = np.zeros((Wd, L, 4), np.float32)
    im[..., 3] = 1
    if kind == 'flat':
        c = np.array([rng.uniform(0.45, 0.7)] * 3, np.float32)
        im[..., :3] = c * (0.9 + 0.15 * noise(rng, Wd, L, max(3, L / 5), 3))[..., None]
        for _ in range(int(rng.integers(0, 5))):
            x, y = rng.integers(0, max(1, L - 6)), rng.integers(0, max(1, Wd - 6))
            s = max(2, L // 15)
            im[y:y + s, x:x + s, :3] = rng.uniform(0.5, 0.85)
    elif kind == 'white':
        im[..., :3] = rng.uniform(0.85, 0.97)
        im[..., :3] *= (0.95 + 0.05 * noise(rng, Wd, L, max(3, L / 5), 2))[..., None]
    elif kind in ('tile', 'hip'):
        base = np.array([(0.6, 0.25, 0.18), (0.5, 0.3, 0.25), (0.35, 0.35, 0.38), (0.7, 0.35, 0.2)][rng.integers(4)], np.float32)
        yy, xx = np.mgrid[0:Wd, 0:L].astype(np.float32)
        tex = 0.85 + 0.15 * ((yy % max(2, Wd // 12)) > 1) * (0.7 + 0.3 * noise(rng, Wd, L, 2, 2))
        side = np.where(yy < Wd / 2, 1.05, 0.8)
        im[..., :3] = base * (tex * side)[..., None]
    elif kind == 'plainblue':
        base = np.array([(0.2, 0.4, 0.7), (0.7, 0.25, 0.2)][rng.integers(2)], np.float32)
        im[..., :3] = base * (0.92 + 0.12 * noise(rng, Wd, L, max(4, L / 3), 2))[..., None]
    else:  # solar panels
        im[..., :3] = np.array([0.1, 0.14, 0.25], np.float32)
        im[::max(3, Wd // 6), :, :3] = 0.7
        im[:, ::max(3, L // 12), :3] = 0.7
    return Image.fromarray((np.clip(im, 0, 1) * 255).astype(np.uint8), 'RGBA')


def _disc(L):
    """A round tank roof seen from above: (radius 0..1 from the centre, alpha, dome light, diagonal tilt, rim ring)."""
    yy, xx = np.mgrid[0:L, 0:L].astype(np.float32)
    r = np.sqrt((xx - L / 2) ** 2 + (yy - L / 2) ** 2) / (L / 2)
    a = np.clip((1 - r) * L / 2, 0, 1)
    return r, a, 0.85 + 0.15 * np.clip(1 - r, 0, 1), (xx - yy) / L, (np.abs(r - 0.92) < 0.05) * 0.15


def sprite_tank(rng, L):
    _, a, light, tilt, ring = _disc(L)
    g = rng.uniform(0.7, 0.95)
    shade = g * light - 0.12 * tilt
    col = np.dstack([shade, shade, shade * rng.uniform(0.97, 1.03)])
    col -= ring[..., None]
    return Image.fromarray((np.clip(np.dstack([col, a]), 0, 1) * 255).astype(np.uint8), 'RGBA')


def _crown(rng, L, colour_of, lo, span):
    """A tree crown: a soft blob with leafy noise, coloured by `colour_of(rng)` (drawn after the noise)."""
    a = _blob_alpha(rng, L, 0.3, 0.7, 1.0)
    h, w = a.shape
    n = noise(rng, h, w, max(2, L / 8), 3)
    col = colour_of(rng) * (lo + span * n[..., None])
    return Image.fromarray((np.clip(np.dstack([col, a]), 0, 1) * 255).astype(np.uint8), 'RGBA')


def sprite_tree(rng, L):
    return _crown(rng, L, lambda g: np.array([0.16, 0.3, 0.1], np.float32) * g.uniform(0.7, 1.3), 0.6, 0.7)


def sprite_pond(rng, L):
    a = _blob_alpha(rng, L, 0.35, 0.6, rng.uniform(1, 2))
    h, w = a.shape
    c = np.array([(0.15, 0.22, 0.25), (0.2, 0.3, 0.2), (0.25, 0.32, 0.4), (0.1, 0.12, 0.12)][rng.integers(4)], np.float32)
    col = c * (0.9 + 0.2 * noise(rng, h, w, max(3, L / 4), 2)[..., None])
    return Image.fromarray((np.clip(np.dstack([col, a]), 0, 1) * 255).astype(np.uint8), 'RGBA')


def sprite_shadow(rng, L):
    a = _blob_alpha(rng, L, 0.3, 0.6, rng.uniform(1, 2.5)) * rng.uniform(0.3, 0.6)
    col = np.zeros(a.shape + (3,), np.float32) + 0.05
    return Image.fromarray((np.clip(np.dstack([col, a]), 0, 1) * 255).astype(np.uint8), 'RGBA')


def sprite_rocks(rng, L):
    im = Image.new('RGBA', (L, L), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    for _ in range(int(rng.integers(3, 15))):
        x, y, r = rng.uniform(0, L), rng.uniform(0, L), rng.uniform(1, max(2, L / 6))
        g = rng.uniform(0.35, 0.8)
        d.ellipse([x - r, y - r, x + r, y + r], fill=_col((g, g * 0.97, g * 0.92), rng, 0.03))
    return im


def sprite_redthing(rng, L):
    """Small red/orange things (cones, flags, red cars, tarps): traps for fire."""
    im = Image.new('RGBA', (L, L), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    c = [(0.85, 0.2, 0.1), (0.95, 0.45, 0.1), (0.9, 0.7, 0.1), (0.8, 0.1, 0.2)][rng.integers(4)]
    if rng.random() < 0.5:
        d.rectangle([L * 0.1, L * 0.25, L * 0.9, L * 0.75], fill=_col(c, rng))
    else:
        for _ in range(int(rng.integers(2, 8))):
            x, y = rng.uniform(0, L), rng.uniform(0, L)
            r = max(1, L / 10)
            d.ellipse([x - r, y - r, x + r, y + r], fill=_col(c, rng))
    return im


def sprite_tarp(rng, L):
    """Black plastic sheeting / asphalt patches: traps for oil_spill."""
    Wd = max(4, int(L * rng.uniform(0.4, 1.0)))
    im = np.zeros((Wd, L, 4), np.float32)
    g = rng.uniform(0.05, 0.2)
    im[..., :3] = g * (0.8 + 0.4 * noise(rng, Wd, L, max(3, L / 6), 2))[..., None]
    im[..., 3] = 1
    return Image.fromarray((np.clip(im, 0, 1) * 255).astype(np.uint8), 'RGBA')


def sprite_autumn_tree(rng, L):
    """Yellow, orange or red tree crowns: read as machines or fire by 1.1.0 on real farm photos."""
    autumn = [(0.75, 0.62, 0.15), (0.8, 0.45, 0.1), (0.6, 0.2, 0.12), (0.7, 0.7, 0.25)]
    return _crown(rng, L, lambda g: np.array(autumn[g.integers(4)], np.float32), 0.55, 0.6)


def sprite_crates(rng, L):
    """Stacks of plastic crates on pallets (blue, teal, yellow, red) seen from above."""
    im = Image.new('RGBA', (L, L), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    c = [(0.15, 0.3, 0.75), (0.1, 0.55, 0.55), (0.9, 0.75, 0.1), (0.8, 0.2, 0.15), (0.2, 0.6, 0.25)][rng.integers(5)]
    d.rectangle([0, 0, L - 1, L - 1], fill=_col((0.6, 0.5, 0.35), rng))
    k = int(rng.integers(2, 4))
    s = L / k
    for i in range(k):
        for j in range(k):
            d.rectangle([i * s + 1, j * s + 1, (i + 1) * s - 2, (j + 1) * s - 2], fill=_col(c, rng),
                        outline=_col(tuple(v * 0.6 for v in c), rng))
    return im


def sprite_container(rng, L):
    """A shipping container or skip (orange, blue, red, green, yellow, white), ribbed roof."""
    Wd = max(3, int(L * rng.uniform(0.18, 0.25)))
    base = np.array([(0.85, 0.45, 0.1), (0.15, 0.3, 0.6), (0.7, 0.15, 0.12), (0.2, 0.45, 0.25), (0.85, 0.7, 0.1),
                     (0.85, 0.85, 0.85)][rng.integers(6)], np.float32)
    x = np.arange(L, dtype=np.float32)
    rib = 0.9 + 0.1 * (np.sin(2 * np.pi * x / max(2.0, L / 20)) > 0)
    im = np.ones((Wd, L, 4), np.float32)
    im[..., :3] = base[None, None] * rib[None, :, None]
    return Image.fromarray((np.clip(im, 0, 1) * 255).astype(np.uint8), 'RGBA')


def sprite_van(rng, L):
    """White or silver vans and lorries without a tank: tanker look-alikes on roads and in car parks."""
    W = max(3, int(L * rng.uniform(0.3, 0.4)))
    im = Image.new('RGBA', (L + 2, W + 2), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    g = rng.uniform(0.7, 0.95)
    d.rounded_rectangle([1, 1, L, W], radius=max(1, W // 6), fill=_col((g, g, g * 1.02), rng, 0.03))
    d.rectangle([int(L * 0.05), 2, int(L * 0.15), W - 1], fill=(40, 45, 50, 255))
    return im


def sprite_colour_tank(rng, L):
    """Storage tanks with red, orange or green roofs: fire and steel-shed traps in refineries."""
    _, a, light, tilt, ring = _disc(L)
    c = np.array([(0.75, 0.2, 0.15), (0.85, 0.45, 0.15), (0.25, 0.5, 0.3), (0.3, 0.45, 0.7)][rng.integers(4)], np.float32)
    col = c[None, None] * (light - 0.12 * tilt)[..., None]
    col -= ring[..., None]
    return Image.fromarray((np.clip(np.dstack([col, a]), 0, 1) * 255).astype(np.uint8), 'RGBA')


# Look-alikes added after 1.1.0's false alarms on real photos. Opt-in (make_dataset.py --lookalikes extra),
# so sets made without the flag, the evaluation sets among them, stay byte-identical.
EXTRA_DISTRACTORS = {'autumn_tree': (sprite_autumn_tree, 7.0, 2.0), 'crates': (sprite_crates, 2.5, 1.0),
                     'container': (sprite_container, 9.0, 1.0), 'van': (sprite_van, 6.0, 1.5),
                     'colour_tank': (sprite_colour_tank, 16.0, 0.8)}


# ---------------------------------------------------------------- dense look-alikes (opt-in: --lookalikes dense)
# Real patrol scenes are crowded where the regulated places are: car parks, villages of red-tiled roofs,
# tank farms, farm machinery in fields, and in Dongying's Shengli oilfield, pumpjacks on well pads. The issue
# names car parks, red roofs and farmland as the usual traps. Each sprite is one whole group, drawn to the
# group's size L (pixels), so a scene gets real clutter instead of isolated objects.

def _scaled(L, total_m, part_m):
    """Pixels of a part `part_m` metres long in a sprite of L pixels that spans `total_m` metres."""
    return max(2, int(round(L * part_m / total_m)))


def sprite_car_park(rng, L):
    """A car park about 35 m long: painted bays in rows, most of them taken by cars and vans."""
    Wd = max(8, int(L * rng.uniform(0.5, 1.0)))
    im = Image.new('RGBA', (L, Wd), _col((0.42, 0.42, 0.44) if rng.random() < 0.7 else (0.62, 0.6, 0.56), rng, 0.05))
    d = ImageDraw.Draw(im)
    bay_w, bay_l = _scaled(L, 35, 2.5), _scaled(L, 35, 5.0)
    aisle = _scaled(L, 35, 6.0)
    line = (235, 235, 230, 255) if rng.random() < 0.8 else (230, 200, 60, 255)
    full = rng.uniform(0.5, 0.95)
    y = _scaled(L, 35, 1.0)
    while y + bay_l < Wd:
        for x in range(0, L - bay_w, bay_w):
            d.line([x, y, x, y + bay_l], fill=line, width=max(1, bay_w // 12))
            if rng.random() < full:
                car = (sprite_van if rng.random() < 0.12 else sprite_car)(rng, max(3, int(bay_l * rng.uniform(0.75, 0.95))))
                car = car.rotate(90 if rng.random() < 0.5 else 270, expand=True)
                im.alpha_composite(car, (int(x + (bay_w - car.width) / 2), int(y + (bay_l - car.height) / 2)))
        y += bay_l + (aisle if rng.random() < 0.5 else 0)
    return im


def _roof(rng, w, h):
    """One village roof: red or grey tiles with a ridge, or flat concrete, or plain (unribbed) blue."""
    kind = rng.choice(['red', 'red', 'grey', 'flat', 'blue'])
    c = {'red': [(0.62, 0.24, 0.17), (0.72, 0.33, 0.2), (0.55, 0.2, 0.18)][rng.integers(3)],
         'grey': (0.4, 0.4, 0.43), 'flat': (rng.uniform(0.5, 0.75),) * 3, 'blue': (0.25, 0.42, 0.65)}[kind]
    im = Image.new('RGBA', (w, h), _col(c, rng, 0.05))
    if kind in ('red', 'grey'):
        d = ImageDraw.Draw(im)
        d.rectangle([0, h // 2, w, h], fill=_col(tuple(v * 0.8 for v in c), rng, 0.02))
        d.line([0, h // 2, w, h // 2], fill=_col(tuple(min(1, v * 1.2) for v in c), rng, 0.02), width=max(1, h // 15))
    return im


def sprite_village(rng, L):
    """A block of village houses about 60 m across: red-tiled and grey roofs in rows with courtyards."""
    Wd = max(8, int(L * rng.uniform(0.6, 1.0)))
    ground = _col((0.55, 0.52, 0.47), rng, 0.06)
    im = Image.new('RGBA', (L, Wd), ground)
    hw, hd = _scaled(L, 60, rng.uniform(9, 14)), _scaled(L, 60, rng.uniform(5, 8))
    gap = _scaled(L, 60, rng.uniform(3, 8))
    for y in range(0, Wd - hd, hd + gap):
        for x in range(0, L - hw, hw + _scaled(L, 60, rng.uniform(0.5, 3))):
            if rng.random() < 0.85:
                im.alpha_composite(_roof(rng, hw, hd), (x, y))
    return im


def sprite_tank_farm(rng, L):
    """A tank farm about 80 m across: a grid of white, grey or coloured tanks inside concrete bund walls."""
    im = Image.new('RGBA', (L, L), _col((0.58, 0.57, 0.53), rng, 0.05))
    d = ImageDraw.Draw(im)
    n = int(rng.integers(2, 5))
    cell = L // n
    wall = (200, 198, 190, 255)
    for i in range(n):
        for j in range(n):
            d.rectangle([i * cell, j * cell, (i + 1) * cell - 1, (j + 1) * cell - 1], outline=wall, width=max(1, cell // 30))
            if rng.random() < 0.9:
                t = max(3, int(cell * rng.uniform(0.55, 0.85)))
                tank = (sprite_colour_tank if rng.random() < 0.35 else sprite_tank)(rng, t)
                im.alpha_composite(tank, (i * cell + (cell - t) // 2, j * cell + (cell - t) // 2))
    return im


def sprite_tractor(rng, L):
    """A farm tractor about 4.5 m long: coloured bonnet, cab roof, big dark rear wheels, often an implement."""
    W = max(3, int(L * 0.5))
    im = Image.new('RGBA', (L + 2, W + 2), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    c = [(0.75, 0.12, 0.1), (0.15, 0.45, 0.2), (0.15, 0.3, 0.65), (0.9, 0.45, 0.1), (0.85, 0.85, 0.85)][rng.integers(5)]
    wheel = (25, 25, 25, 255)
    d.rectangle([int(L * 0.05), 0, int(L * 0.3), int(W * 0.22)], fill=wheel)
    d.rectangle([int(L * 0.05), W - int(W * 0.22), int(L * 0.3), W], fill=wheel)
    d.rectangle([int(L * 0.75), int(W * 0.08), int(L * 0.9), int(W * 0.25)], fill=wheel)
    d.rectangle([int(L * 0.75), W - int(W * 0.25), int(L * 0.9), W - int(W * 0.08)], fill=wheel)
    d.rectangle([int(L * 0.3), int(W * 0.3), L, W - int(W * 0.3)], fill=_col(c, rng))
    d.rectangle([int(L * 0.05), int(W * 0.2), int(L * 0.4), W - int(W * 0.2)], fill=_col((0.15, 0.15, 0.17), rng, 0.03))
    return im


def sprite_harvester(rng, L):
    """A combine harvester about 8 m long: wide header in front, body with grain tank, unloading auger."""
    W = max(4, int(L * 0.6))
    im = Image.new('RGBA', (L + 2, W + 2), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    c = [(0.8, 0.15, 0.1), (0.2, 0.5, 0.2), (0.9, 0.75, 0.1), (0.2, 0.4, 0.7)][rng.integers(4)]
    d.rectangle([int(L * 0.8), 0, L, W], fill=_col(c, rng))  # header, full width
    d.rectangle([0, int(W * 0.25), int(L * 0.8), W - int(W * 0.25)], fill=_col(tuple(v * 0.9 for v in c), rng))
    d.rectangle([int(L * 0.2), int(W * 0.3), int(L * 0.55), W - int(W * 0.3)], fill=_col((0.6, 0.6, 0.58), rng))
    d.rectangle([int(L * 0.6), int(W * 0.35), int(L * 0.78), W - int(W * 0.35)], fill=_col((0.9, 0.9, 0.9), rng))
    if rng.random() < 0.5:
        d.line([int(L * 0.4), int(W * 0.3), int(L * 0.4), 0], fill=_col(c, rng), width=max(1, W // 12))
    return im


def sprite_pumpjack(rng, L):
    """An oil pumpjack on its concrete pad, about 10 m: frame, walking beam with horse head, counterweights."""
    Wd = max(4, int(L * 0.45))
    im = Image.new('RGBA', (L, Wd), _col((0.68, 0.66, 0.62), rng, 0.05))  # the well pad
    d = ImageDraw.Draw(im)
    c = [(0.2, 0.2, 0.22), (0.75, 0.2, 0.15), (0.2, 0.35, 0.6), (0.85, 0.7, 0.15), (0.3, 0.45, 0.3)][rng.integers(5)]
    mid = Wd // 2
    beam = max(1, Wd // 8)
    d.rectangle([int(L * 0.1), mid - beam, int(L * 0.85), mid + beam], fill=_col(c, rng))  # walking beam
    d.rectangle([int(L * 0.82), mid - 2 * beam, int(L * 0.92), mid + 2 * beam], fill=_col(c, rng))  # horse head
    d.rectangle([int(L * 0.08), mid - 3 * beam, int(L * 0.22), mid + 3 * beam], fill=_col((0.3, 0.3, 0.3), rng))  # weights
    d.rectangle([int(L * 0.3), mid - int(beam * 1.5), int(L * 0.45), mid + int(beam * 1.5)], fill=_col((0.35, 0.35, 0.38), rng))
    return im


# (sprite, typical size in metres, relative frequency)
DENSE_DISTRACTORS = {'car_park': (sprite_car_park, 35.0, 1.5), 'village': (sprite_village, 60.0, 1.0),
                     'tank_farm': (sprite_tank_farm, 80.0, 0.7), 'tractor': (sprite_tractor, 4.5, 1.5),
                     'harvester': (sprite_harvester, 8.0, 1.0), 'pumpjack': (sprite_pumpjack, 10.0, 1.5)}

# ---------------------------------------------------------------- local look-alikes (opt-in: --lookalikes local)
# Shandong's countryside and industry: rows of vegetable greenhouses (film over arched ribs, a quilt rolled
# along one side), ground-mounted solar arrays, pipe racks through chemical parks, and cement village and
# farm roads (most rural roads in China are concrete slabs with cut joints, not asphalt with lane marks).
# 'local' draws these on top of everything 'dense' draws.

def sprite_greenhouses(rng, L):
    """A block of greenhouses about 60 m across: parallel bays of translucent film (the crop shows through)
    over arched ribs, bright along the arch's crest, often a dark quilt rolled along one side."""
    Wd = max(8, int(L * rng.uniform(0.5, 1.0)))
    im = np.zeros((Wd, L, 4), np.float32)
    im[..., :3] = np.array([0.5, 0.45, 0.38], np.float32)
    im[..., 3] = 1
    bay, gap = _scaled(L, 60, rng.uniform(7, 11)), _scaled(L, 60, rng.uniform(1, 4))
    film = np.array([(0.7, 0.78, 0.72), (0.62, 0.7, 0.64), (0.78, 0.8, 0.78)][rng.integers(3)], np.float32)
    quilt = rng.random() < 0.6
    rib = max(2, _scaled(L, 60, 1.2))
    arch = 0.8 + 0.3 * np.sin(np.linspace(0, np.pi, bay, dtype=np.float32))  # bright crest, darker eaves
    for y in range(0, Wd - bay, bay + gap):
        crop = 0.85 + 0.2 * noise(rng, bay, L, max(3, bay / 2), 2)
        im[y:y + bay, :, :3] = film[None, None] * (arch[:, None] * crop)[..., None]
        im[y:y + bay, ::rib, :3] *= 0.93
        if quilt:
            im[y:y + max(1, bay // 6), :, :3] = np.array([0.3, 0.25, 0.2], np.float32)
    return Image.fromarray((np.clip(im, 0, 1) * 255).astype(np.uint8), 'RGBA')


def sprite_solar_array(rng, L):
    """Ground-mounted solar panels about 40 m across: rows of dark blue-grey panels with gaps of soil or grass."""
    Wd = max(6, int(L * rng.uniform(0.5, 1.0)))
    im = Image.new('RGBA', (L, Wd), _col([(0.45, 0.42, 0.35), (0.3, 0.4, 0.22)][rng.integers(2)], rng, 0.05))
    d = ImageDraw.Draw(im)
    row, gap = _scaled(L, 40, 4.0), _scaled(L, 40, rng.uniform(2, 5))
    panel = [(0.12, 0.16, 0.3), (0.18, 0.2, 0.25), (0.1, 0.12, 0.2)][rng.integers(3)]
    for y in range(0, Wd - row, row + gap):
        d.rectangle([0, y, L - 1, y + row - 1], fill=_col(panel, rng, 0.03))
        for x in range(0, L, max(2, _scaled(L, 40, 2.0))):
            d.line([x, y, x, y + row - 1], fill=_col((0.55, 0.58, 0.62), rng, 0.03))
    return im


def sprite_pipe_rack(rng, L):
    """A pipe rack about 40 m long: several parallel pipes (grey, silver, yellow, red) on a steel frame."""
    n = int(rng.integers(3, 9))
    pw = max(1, _scaled(L, 40, rng.uniform(0.3, 0.8)))
    Wd = n * (pw + 1) + 2
    im = Image.new('RGBA', (L, Wd), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    for x in range(0, L, max(3, _scaled(L, 40, 6.0))):
        d.line([x, 0, x, Wd - 1], fill=_col((0.35, 0.35, 0.37), rng, 0.03), width=max(1, pw // 2))
    colours = [(0.7, 0.7, 0.72), (0.85, 0.85, 0.85), (0.85, 0.7, 0.15), (0.7, 0.2, 0.15), (0.3, 0.45, 0.6)]
    for k in range(n):
        y = 1 + k * (pw + 1)
        d.rectangle([0, y, L - 1, y + pw - 1], fill=_col(colours[rng.integers(len(colours))], rng, 0.04))
    return im


def sprite_cement_road(rng, L):
    """A stretch of cement road about 60 m long, 3.5-7 m wide: pale slabs with cut joints, worn edges."""
    Wd = max(3, _scaled(L, 60, rng.uniform(3.5, 7)))
    g = rng.uniform(0.58, 0.78)
    im = np.zeros((Wd, L, 4), np.float32)
    im[..., :3] = np.array([g, g * 0.99, g * 0.96], np.float32) * (0.93 + 0.1 * noise(rng, Wd, L, max(3, Wd / 2), 2))[..., None]
    im[..., 3] = 1
    step = max(2, _scaled(L, 60, rng.uniform(4, 6)))
    for x in range(int(rng.integers(0, step)), L, step):
        im[:, x, :3] *= 0.8  # cut joints across the road
    if rng.random() < 0.5:
        im[Wd // 2, :, :3] *= 0.88  # the joint between the two lanes' slabs
    im[0, :, 3] = im[-1, :, 3] = 0.6
    return Image.fromarray((np.clip(im, 0, 1) * 255).astype(np.uint8), 'RGBA')


LOCAL_DISTRACTORS = {'greenhouses': (sprite_greenhouses, 60.0, 1.2), 'solar_array': (sprite_solar_array, 40.0, 0.8),
                     'pipe_rack': (sprite_pipe_rack, 40.0, 1.0), 'cement_road': (sprite_cement_road, 60.0, 1.5)}

DISTRACTORS = {'car': (sprite_car, 4.5, 3.0), 'boxtruck': (sprite_boxtruck, 9.0, 1.0), 'pipes': (sprite_pipes, 8.0, 1.0),
               'building': (sprite_building, 18.0, 1.5), 'tank': (sprite_tank, 14.0, 0.8), 'tree': (sprite_tree, 6.0, 3.0),
               'pond': (sprite_pond, 15.0, 0.6), 'shadow': (sprite_shadow, 8.0, 1.0), 'rocks': (sprite_rocks, 4.0, 1.0),
               'redthing': (sprite_redthing, 1.5, 1.0), 'tarp': (sprite_tarp, 5.0, 0.8)}

# The --lookalikes levels, in order: each draws everything the levels before it draw, plus its own table.
# From 'dense' on, scenes are also crowded (more clutter per square metre).
LOOKALIKE_LEVELS = {'base': DISTRACTORS, 'extra': EXTRA_DISTRACTORS, 'dense': DENSE_DISTRACTORS, 'local': LOCAL_DISTRACTORS}
CROWDED_LEVELS = ('dense', 'local')


def lookalike_table(level: str) -> dict:
    """The look-alikes a level draws: its table and every earlier level's, in level order."""
    levels = list(LOOKALIKE_LEVELS)
    table = {}
    for name in levels[:levels.index(level) + 1]:
        table.update(LOOKALIKE_LEVELS[name])
    return table


# ---------------------------------------------------------------- backgrounds

def _real_photo(name: str) -> np.ndarray:
    if name not in _real_cache:
        im = Image.open(REAL_DIR / name).convert('RGB')
        im = im.resize((im.width // _REAL_SCALE, im.height // _REAL_SCALE), Image.BILINEAR)
        _real_cache[name] = np.asarray(im)
    return _real_cache[name]


def real_available() -> bool:
    return all((REAL_DIR / f).exists() for f in REAL_FILES)


def bg_real(rng, h, w, ppm):
    """A crop of a CC0 construction-site photo (about 1 cm/px at full size) resampled to `ppm` px/m."""
    for _ in range(20):
        name = REAL_FILES[rng.integers(len(REAL_FILES))]
        arr = _real_photo(name)
        src_ppm = 100.0 / _REAL_SCALE * rng.uniform(0.8, 1.25)
        f = src_ppm / ppm  # source px per output px
        cw, ch = int(w * f), int(h * f)
        if cw > arr.shape[1] or ch > arr.shape[0]:
            f = min(arr.shape[1] / w, arr.shape[0] / h) * 0.98
            cw, ch = int(w * f), int(h * f)
        x0 = int(rng.integers(0, arr.shape[1] - cw + 1))
        y0 = int(rng.integers(0, arr.shape[0] - ch + 1))
        objs = []
        ok = True
        for cls, (bx, by, bw, bh) in REAL_BOXES.get(name, []):
            bx, by, bw, bh = bx / _REAL_SCALE, by / _REAL_SCALE, bw / _REAL_SCALE, bh / _REAL_SCALE
            ix0, iy0 = max(bx, x0), max(by, y0)
            ix1, iy1 = min(bx + bw, x0 + cw), min(by + bh, y0 + ch)
            vis = max(0, ix1 - ix0) * max(0, iy1 - iy0) / (bw * bh)
            if 0.02 < vis < 0.6:
                ok = False
            elif vis >= 0.6:
                objs.append((cls, [(ix0 - x0) / f, (iy0 - y0) / f, (ix1 - ix0) / f, (iy1 - iy0) / f]))
        if not ok:
            continue
        crop = Image.fromarray(arr[y0:y0 + ch, x0:x0 + cw]).resize((w, h), Image.BILINEAR)
        a = _f(crop)
        k = int(rng.integers(4))
        if k:  # rotate by 90-degree steps, boxes follow
            a, objs = _rot90(a, objs, k)
        return a, objs
    return bg_procedural(rng, h, w, ppm, 'construction')[0], []


def _rot90(a, objs, k):
    for _ in range(k):
        H, W = a.shape[:2]
        a = np.rot90(a)  # counter-clockwise: (x, y) -> (y, W - x)
        objs = [(c, [b[1], W - b[0] - b[2], b[3], b[2]]) for c, b in objs]
    return np.ascontiguousarray(a), objs


GROUND = {
    'farmland': [(0.42, 0.5, 0.25), (0.55, 0.5, 0.32), (0.35, 0.45, 0.2), (0.6, 0.56, 0.4), (0.3, 0.38, 0.18)],
    'construction': [(0.55, 0.48, 0.38), (0.48, 0.42, 0.34), (0.62, 0.56, 0.45), (0.42, 0.4, 0.3)],
    'industrial': [(0.55, 0.55, 0.53), (0.48, 0.48, 0.47), (0.6, 0.58, 0.54), (0.4, 0.42, 0.38)],
    'pipeline': [(0.4, 0.46, 0.26), (0.55, 0.5, 0.38), (0.5, 0.5, 0.42), (0.36, 0.4, 0.24)],
}


def _road(img, rng, ppm, kind='asphalt'):
    h, w = img.shape[:2]
    rw = max(3, int(ppm * rng.uniform(4, 12)))
    ang = rng.uniform(0, math.pi)
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    L = 3 * max(h, w)
    poly = _rect(cx, cy, L, rw, ang)
    m = Image.new('L', (w, h), 0)
    ImageDraw.Draw(m).polygon(poly, fill=255)
    mask = np.asarray(m, np.float32)[..., None] / 255.0
    if kind == 'asphalt':
        g = rng.uniform(0.22, 0.4)
        col = np.array([g, g, g * 1.02], np.float32)
    else:
        col = np.array([0.62, 0.56, 0.46], np.float32) * rng.uniform(0.85, 1.15)
    tex = (0.92 + 0.12 * noise(rng, h, w, max(3, ppm), 2))[..., None]
    img[:] = img * (1 - mask) + mask * col * tex
    if kind == 'asphalt' and rng.random() < 0.7:
        m2 = Image.new('L', (w, h), 0)
        d2 = ImageDraw.Draw(m2)
        seg = max(4, ppm * 3)
        dx, dy = math.cos(ang), math.sin(ang)
        for k in range(-int(L / seg / 2), int(L / seg / 2), 2):
            p0 = (cx + dx * k * seg, cy + dy * k * seg)
            p1 = (cx + dx * (k + 1) * seg, cy + dy * (k + 1) * seg)
            d2.line([p0, p1], fill=255, width=max(1, int(ppm * 0.15)))
        mk = np.asarray(m2, np.float32)[..., None] / 255.0 * 0.8
        img[:] = img * (1 - mk) + mk * np.array([0.9, 0.9, 0.85], np.float32)
    return (cx, cy, ang, rw)


def bg_procedural(rng, h, w, ppm, kind):
    pal = GROUND[kind]
    base = np.array(pal[rng.integers(len(pal))], np.float32) + rng.uniform(-0.05, 0.05, 3).astype(np.float32)
    n1 = noise(rng, h, w, max(4, ppm * rng.uniform(3, 20)), 5)
    n2 = noise(rng, h, w, max(2, ppm * 0.5), 2)
    img = base * (0.75 + 0.35 * n1[..., None]) * (0.92 + 0.12 * n2[..., None])
    if kind == 'farmland':
        # parcels with crop rows
        for _ in range(int(rng.integers(1, 4))):
            c2 = np.array(pal[rng.integers(len(pal))], np.float32)
            ang = rng.uniform(0, math.pi)
            yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
            u = xx * math.cos(ang) + yy * math.sin(ang)
            per = max(2.0, ppm * rng.uniform(0.6, 1.5))
            rows = 0.9 + 0.15 * (np.sin(u / per * 2 * np.pi) > 0)
            x0, y0 = rng.uniform(-0.3, 0.7) * w, rng.uniform(-0.3, 0.7) * h
            m = Image.new('L', (w, h), 0)
            ImageDraw.Draw(m).polygon(_rect(x0, y0, rng.uniform(0.3, 1.2) * w, rng.uniform(0.3, 1.2) * h, rng.uniform(-0.3, 0.3)), fill=255)
            mk = np.asarray(m, np.float32)[..., None] / 255.0
            img = img * (1 - mk) + mk * c2 * rows[..., None] * (0.85 + 0.2 * n1[..., None])
    if kind == 'construction':
        # tyre tracks and disturbed soil
        m = Image.new('L', (w, h), 0)
        d = ImageDraw.Draw(m)
        for _ in range(int(rng.integers(2, 8))):
            pts = [(rng.uniform(0, w), rng.uniform(0, h))]
            for _ in range(4):
                pts.append((pts[-1][0] + rng.uniform(-0.4, 0.4) * w, pts[-1][1] + rng.uniform(-0.4, 0.4) * h))
            d.line(pts, fill=int(rng.integers(40, 120)), width=max(1, int(ppm * rng.uniform(0.3, 1.0))))
        mk = np.asarray(m, np.float32)[..., None] / 255.0
        img = img * (1 - 0.5 * mk)
    road = None
    if kind in ('industrial', 'pipeline') or rng.random() < 0.5:
        road = _road(img, rng, ppm, 'asphalt' if kind == 'industrial' or rng.random() < 0.5 else 'dirt')
    if kind == 'pipeline':
        # right-of-way strip with a pipe on racks
        ang = rng.uniform(0, math.pi)
        cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
        m = Image.new('L', (w, h), 0)
        ImageDraw.Draw(m).polygon(_rect(cx, cy, 3 * max(h, w), max(3, ppm * rng.uniform(4, 10)), ang), fill=255)
        mk = np.asarray(m, np.float32)[..., None] / 255.0
        img = img * (1 - mk) + mk * np.array([0.6, 0.55, 0.45], np.float32) * (0.85 + 0.2 * n1[..., None])
        m = Image.new('L', (w, h), 0)
        ImageDraw.Draw(m).polygon(_rect(cx, cy, 3 * max(h, w), max(2, ppm * rng.uniform(0.5, 1.2)), ang), fill=255)
        mk = np.asarray(m, np.float32)[..., None] / 255.0
        pc = rng.uniform(0.5, 0.85)
        img = img * (1 - mk) + mk * np.array([pc, pc, pc * 0.95], np.float32)
    return np.clip(img, 0, 1).astype(np.float32), road


# ---------------------------------------------------------------- compositing

def _paste(img, spr: Image.Image, cx, cy, shadow=None, shade=1.0):
    """Alpha-composite an RGBA sprite centred at (cx, cy); returns the pasted alpha's placement."""
    a = _f(spr)
    sh, sw = a.shape[:2]
    x0, y0 = int(round(cx - sw / 2)), int(round(cy - sh / 2))
    H, W = img.shape[:2]
    xa, ya, xb, yb = max(0, x0), max(0, y0), min(W, x0 + sw), min(H, y0 + sh)
    if xa >= xb or ya >= yb:
        return
    sub = a[ya - y0:yb - y0, xa - x0:xb - x0]
    if shadow is not None:
        dx, dy, strength = shadow
        sx0, sy0 = max(0, x0 + dx), max(0, y0 + dy)
        sx1, sy1 = min(W, x0 + dx + sw), min(H, y0 + dy + sh)
        if sx0 < sx1 and sy0 < sy1:
            sa = a[sy0 - y0 - dy:sy1 - y0 - dy, sx0 - x0 - dx:sx1 - x0 - dx, 3:4]
            img[sy0:sy1, sx0:sx1] *= (1 - strength * sa)
    al = sub[..., 3:4]
    img[ya:yb, xa:xb] = img[ya:yb, xa:xb] * (1 - al) + sub[..., :3] * shade * al


def _bbox_of(spr: Image.Image, cx, cy, t):
    a = np.asarray(spr.getchannel('A'), np.float32) / 255.0
    ys, xs = np.nonzero(a > t)
    if len(xs) == 0:
        return None
    sw, sh = spr.size
    x0, y0 = round(cx - sw / 2), round(cy - sh / 2)
    return [x0 + xs.min(), y0 + ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1]


def _place_sprite(spr: Image.Image, rng, ang=None):
    if ang is None:
        ang = rng.uniform(0, 360)
    return spr.rotate(ang, resample=Image.BICUBIC, expand=True)


def _iou_any(b, boxes, thr=0.05):
    for c in boxes:
        ix = max(0, min(b[0] + b[2], c[0] + c[2]) - max(b[0], c[0]))
        iy = max(0, min(b[1] + b[3], c[1] + c[3]) - max(b[1], c[1]))
        inter = ix * iy
        if inter / min(b[2] * b[3], c[2] * c[3]) > thr:
            return True
    return False


def finish(img: np.ndarray, rng, strength: float = 1.0) -> np.ndarray:
    """Camera and atmosphere: exposure, white balance, haze, blur, vignetting, noise."""
    h, w = img.shape[:2]
    img = img * rng.uniform(0.75, 1.2) * (1 + rng.uniform(-0.06, 0.06, 3).astype(np.float32))
    if rng.random() < 0.35 * strength:  # haze
        hz = rng.uniform(0.1, 0.55)
        hc = np.array([0.78, 0.8, 0.82], np.float32) * rng.uniform(0.85, 1.05)
        img = img * (1 - hz) + hc * hz
    if rng.random() < 0.3:
        g = rng.uniform(0.8, 1.25)  # contrast
        img = (img - img.mean()) * g + img.mean()
    if rng.random() < 0.3:  # desaturate (overcast)
        m = img.mean(-1, keepdims=True)
        s = rng.uniform(0.4, 0.9)
        img = m + (img - m) * s
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if rng.random() < 0.5:
        r2 = ((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2
        img = img * (1 - rng.uniform(0.05, 0.25) * r2[..., None] / 2)
    img = np.clip(img, 0, 1)
    pil = Image.fromarray((img * 255).astype(np.uint8))
    if rng.random() < 0.45 * strength:
        pil = pil.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.6)))
    img = _f(pil)
    if rng.random() < 0.5:
        img = img + rng.normal(0, rng.uniform(0.005, 0.03), img.shape).astype(np.float32)
    return np.clip(img, 0, 1)


def thermal_frame(rng, h, w, ppm) -> np.ndarray:
    """Grey thermal-looking frame (hazard-free) with warm spots: a trap for fire."""
    kind = ['industrial', 'farmland', 'construction', 'pipeline'][rng.integers(4)]
    img, _ = bg_procedural(rng, h, w, ppm, kind)
    g = img.mean(-1)
    for _ in range(int(rng.integers(0, 6))):
        L = max(4, int(ppm * rng.uniform(1, 8)))
        spr = sprite_building(rng, L) if rng.random() < 0.5 else sprite_tank(rng, L)
        tmp = np.repeat(g[..., None], 3, -1)
        _paste(tmp, spr, rng.uniform(0, w), rng.uniform(0, h))
        g = tmp.mean(-1)
    g = (g - g.min()) / max(1e-6, g.max() - g.min())
    if rng.random() < 0.5:
        g = 1 - g
    out = np.repeat(g[..., None], 3, -1)
    if rng.random() < 0.3:  # ironbow-ish palette
        out = np.stack([np.clip(g * 1.5, 0, 1), np.clip(g * 1.2 - 0.3, 0, 1), np.clip(0.5 - np.abs(g - 0.3), 0, 1)], -1)
    return out.astype(np.float32)


def render(rng: np.random.Generator, width: int, height: int, hazards=None, background: str | None = None,
           ppm: float | None = None, n_hazards: int | None = None, n_distractors: int | None = None,
           negative: bool = False, lookalikes: str = 'base'):
    """Render one scene. lookalikes='extra' adds EXTRA_DISTRACTORS to the unlabelled look-alikes; 'dense'
    adds DENSE_DISTRACTORS too (car parks, villages, tank farms, farm machinery, pumpjacks) and more clutter;
    'local' adds LOCAL_DISTRACTORS (greenhouses, solar arrays, pipe racks, cement roads) on top of 'dense'.

    hazards: optional list of dicts {class, cx, cy, size_px} (explicit placement); otherwise random ones.
    Returns (uint8 HxWx3 array, [{'class', 'bbox': [x, y, w, h]}]).
    """
    if ppm is None:
        if hazards:
            ppm = float(np.median([h['size_px'] / TYPICAL_M[h['class']] for h in hazards]))
        else:
            ppm = float(math.exp(rng.uniform(math.log(2.5), math.log(30))))
    if background is None:
        background = str(rng.choice(BACKGROUNDS, p=[0.24, 0.16, 0.18, 0.14, 0.28]))
    if background == 'real' and not real_available():
        background = 'construction'
    objs = []
    road = None
    if negative and hazards is None and rng.random() < 0.12:
        img = thermal_frame(rng, height, width, ppm)
        return (finish(img, rng) * 255).astype(np.uint8), []
    if background == 'real':
        img, real_objs = bg_real(rng, height, width, ppm)
        objs = [{'class': c, 'bbox': b} for c, b in real_objs]
    else:
        img, road = bg_procedural(rng, height, width, ppm, background)
    sun = rng.uniform(0, 2 * math.pi)
    sh_len = rng.uniform(0.3, 1.5)
    strength = rng.uniform(0.2, 0.55)
    area_m2 = width * height / ppm ** 2
    if n_distractors is None:
        n_distractors = int(min(40, rng.poisson(max(1.0, area_m2 / 400.0 * rng.uniform(0.3, 2)))))
    table = lookalike_table(lookalikes)
    if lookalikes in CROWDED_LEVELS:
        n_distractors = int(min(60, n_distractors * rng.uniform(1.0, 3.0) + 2))  # up to three times the clutter
    weights = np.array([table[k][2] for k in table], np.float64)
    names = list(table)
    if background == 'industrial':
        weights[names.index('building')] *= 3
        weights[names.index('tank')] *= 3
    if background == 'farmland':
        weights[names.index('tree')] *= 2
    if background in ('construction', 'real'):
        weights[names.index('pipes')] *= 3
    weights /= weights.sum()
    occupied = [o['bbox'] for o in objs]
    for _ in range(n_distractors):
        k = names[rng.choice(len(names), p=weights)]
        fn, m, _w = table[k]
        L = int(max(3, min(0.9 * min(width, height), m * ppm * rng.uniform(0.6, 1.6))))
        spr = _place_sprite(fn(rng, L), rng)
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        if k == 'car' and road is not None and rng.random() < 0.6:
            t = rng.uniform(-0.5, 0.5) * max(width, height)
            cx, cy = road[0] + math.cos(road[2]) * t, road[1] + math.sin(road[2]) * t
            spr = _place_sprite(fn(rng, L), rng, -math.degrees(road[2]) + rng.choice([0, 180]))
        b = _bbox_of(spr, cx, cy, 0.3)
        if b is None or _iou_any(b, occupied, 0.3):
            continue
        if k not in ('shadow', 'pond', 'rocks'):
            d = sh_len * L * 0.25
            _paste(img, spr, cx, cy, (int(math.cos(sun) * d), int(math.sin(sun) * d), strength))
        else:
            _paste(img, spr, cx, cy)
    # hazards
    if hazards is None and not negative:
        n = n_hazards if n_hazards is not None else int(rng.choice([1, 1, 2, 2, 3, 4]))
        hazards = []
        for _ in range(n):
            c = CLASSES[rng.integers(len(CLASSES))]
            L = TYPICAL_M[c] * ppm * math.exp(rng.uniform(-0.5, 0.5))
            L = int(min(max(12, L), 0.7 * min(width, height)))
            hazards.append({'class': c, 'cx': None, 'cy': None, 'size_px': L})
    for hz in hazards or []:
        c = hz['class']
        L = int(max(6, hz['size_px']))
        for attempt in range(15):
            if c == 'tanker_truck' and road is not None and hz.get('cx') is None and rng.random() < 0.6:
                t = rng.uniform(-0.4, 0.4) * max(width, height)
                cx, cy = road[0] + math.cos(road[2]) * t, road[1] + math.sin(road[2]) * t
                ang = -math.degrees(road[2]) + rng.choice([0, 180])
            else:
                cx = hz['cx'] if hz.get('cx') is not None else rng.uniform(L * 0.6, width - L * 0.6)
                cy = hz['cy'] if hz.get('cy') is not None else rng.uniform(L * 0.6, height - L * 0.6)
                ang = None
            if c == 'smoke':
                ang = math.degrees(sun) + 180 + rng.uniform(-30, 30)  # drift consistent within a scene
            spr = _place_sprite(SPRITES[c](rng, L), rng, ang)
            b = _bbox_of(spr, cx, cy, ALPHA_T[c])
            if b is None:
                break
            inside = b[0] >= 0 and b[1] >= 0 and b[0] + b[2] <= width and b[1] + b[3] <= height
            if hz.get('cx') is not None or (inside and not _iou_any(b, [o['bbox'] for o in objs], 0.15)):
                break
        else:
            continue
        if b is None:
            continue
        if c == 'fire' and rng.random() < 0.6:  # scorched ground under the fire
            scorch = sprite_shadow(rng, int(L * 1.4))
            _paste(img, scorch, cx, cy)
        if c in ('excavator', 'steel_shed', 'tanker_truck'):
            d = sh_len * L * 0.15
            _paste(img, spr, cx, cy, (int(math.cos(sun) * d), int(math.sin(sun) * d), strength))
        else:
            _paste(img, spr, cx, cy, shade=rng.uniform(0.85, 1.1) if c != 'fire' else 1.0)
        x0, y0 = max(0, b[0]), max(0, b[1])
        x1, y1 = min(width, b[0] + b[2]), min(height, b[1] + b[3])
        if x1 - x0 >= 3 and y1 - y0 >= 3:
            objs.append({'class': c, 'bbox': [int(x0), int(y0), int(x1 - x0), int(y1 - y0)]})
    img = finish(img, rng)
    out = (img * 255).astype(np.uint8)
    return out, [{'class': o['class'], 'bbox': [int(round(v)) for v in o['bbox']]} for o in objs]


def jpeg_bytes(arr: np.ndarray, rng, q: int | None = None) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, 'JPEG', quality=int(q if q is not None else rng.integers(60, 95)))
    return buf.getvalue()
