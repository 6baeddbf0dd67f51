"""A compact anchor-free detector in the spirit of YOLOv8-n, sized for CPU training.

Backbone of conv-BN-SiLU stages with small C2f blocks, a PAN neck, and decoupled box/cls heads at
strides 8/16/32. Boxes are plain ltrb distances (softplus * stride), classes are sigmoid scores.
`Detector.export_forward` returns the Ultralytics YOLOv8 detect layout [B, 4 + nc, N]
(cx, cy, w, h in input pixels, then per-class scores after sigmoid).
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

STRIDES = (8, 16, 32)


class Conv(nn.Module):
    def __init__(self, c1, c2, k=3, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.a = Conv(c, c, 3)
        self.b = Conv(c, c, 3)

    def forward(self, x):
        return x + self.b(self.a(x))


class C2f(nn.Module):
    def __init__(self, c1, c2, n=1):
        super().__init__()
        h = c2 // 2
        self.cv1 = Conv(c1, 2 * h, 1)
        self.m = nn.ModuleList(Bottleneck(h) for _ in range(n))
        self.cv2 = Conv((2 + n) * h, c2, 1)

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        for m in self.m:
            y.append(m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.cv1 = Conv(c, c // 2, 1)
        self.cv2 = Conv(c * 2, c, 1)
        self.mp = nn.MaxPool2d(5, 1, 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.mp(x)
        y2 = self.mp(y1)
        return self.cv2(torch.cat([x, y1, y2, self.mp(y2)], 1))


class Head(nn.Module):
    def __init__(self, c, nc, hc, hn=2):
        super().__init__()
        self.box = nn.Sequential(*[Conv(c if i == 0 else hc, hc, 3) for i in range(hn)], nn.Conv2d(hc, 4, 1))
        self.cls = nn.Sequential(*[Conv(c if i == 0 else hc, hc, 3) for i in range(hn)], nn.Conv2d(hc, nc, 1))
        nn.init.constant_(self.cls[-1].bias, -math.log(99.0))
        nn.init.constant_(self.box[-1].bias, 1.0)

    def forward(self, x):
        return self.box(x), self.cls(x)


class Detector(nn.Module):
    def __init__(self, nc=6, w=(16, 32, 64, 96, 128), hc=48, hn=2, n3=2):
        super().__init__()
        self.nc = nc
        c0, c1, c2, c3, c4 = w
        self.stem = Conv(3, c0, 3, 2)
        self.s2 = nn.Sequential(Conv(c0, c1, 3, 2), C2f(c1, c1, 1))
        self.s3 = nn.Sequential(Conv(c1, c2, 3, 2), C2f(c2, c2, n3))
        self.s4 = nn.Sequential(Conv(c2, c3, 3, 2), C2f(c3, c3, 2))
        self.s5 = nn.Sequential(Conv(c3, c4, 3, 2), C2f(c4, c4, 1), SPPF(c4))
        self.td4 = C2f(c4 + c3, c3, 1)
        self.td3 = C2f(c3 + c2, c2, 1)
        self.dn3 = Conv(c2, c2, 3, 2)
        self.bu4 = C2f(c2 + c3, c3, 1)
        self.dn4 = Conv(c3, c3, 3, 2)
        self.bu5 = C2f(c3 + c4, c4, 1)
        self.heads = nn.ModuleList([Head(c2, nc, hc, hn), Head(c3, nc, hc, hn), Head(c4, nc, hc, hn)])

    def forward(self, x):
        """Raw outputs per level: list of (ltrb_raw [B,4,H,W], cls_logits [B,nc,H,W])."""
        p3 = self.s3(self.s2(self.stem(x)))
        p4 = self.s4(p3)
        p5 = self.s5(p4)
        n4 = self.td4(torch.cat([F.interpolate(p5, scale_factor=2.0, mode='nearest'), p4], 1))
        n3 = self.td3(torch.cat([F.interpolate(n4, scale_factor=2.0, mode='nearest'), p3], 1))
        o4 = self.bu4(torch.cat([self.dn3(n3), n4], 1))
        o5 = self.bu5(torch.cat([self.dn4(o4), p5], 1))
        return [h(f) for h, f in zip(self.heads, (n3, o4, o5))]


def points_for(feats, strides=STRIDES):
    """Grid centres (N, 2) in input pixels and per-point stride (N,), level by level, row-major."""
    pts, st = [], []
    for (box, _), s in zip(feats, strides):
        h, w = box.shape[-2:]
        ys = (torch.arange(h, dtype=torch.float32) + 0.5) * s
        xs = (torch.arange(w, dtype=torch.float32) + 0.5) * s
        yy, xx = torch.meshgrid(ys, xs, indexing='ij')
        pts.append(torch.stack([xx.reshape(-1), yy.reshape(-1)], -1))
        st.append(torch.full((h * w,), float(s)))
    return torch.cat(pts), torch.cat(st)


def flatten(feats):
    """(ltrb distances in pixels [B,N,4], cls logits [B,N,nc])."""
    boxes, logits = [], []
    for (box, cls), s in zip(feats, STRIDES):
        b = box.shape[0]
        boxes.append(F.softplus(box).reshape(b, 4, -1).transpose(1, 2) * s)
        logits.append(cls.reshape(b, cls.shape[1], -1).transpose(1, 2))
    return torch.cat(boxes, 1), torch.cat(logits, 1)


class ExportWrapper(nn.Module):
    """Ultralytics YOLOv8 detect output: [B, 4 + nc, N] with cx, cy, w, h then sigmoid scores."""

    def __init__(self, det: Detector, size_hw):
        super().__init__()
        self.det = det
        h, w = size_hw
        dummy = [(torch.zeros(1, 4, h // s, w // s), None) for s in STRIDES]
        pts, _ = points_for(dummy)
        self.register_buffer('pts', pts)

    def forward(self, images):
        d, logits = flatten(self.det(images))
        x1 = self.pts[None, :, 0] - d[..., 0]
        y1 = self.pts[None, :, 1] - d[..., 1]
        x2 = self.pts[None, :, 0] + d[..., 2]
        y2 = self.pts[None, :, 1] + d[..., 3]
        box = torch.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], -1)
        out = torch.cat([box, torch.sigmoid(logits)], -1)
        return out.transpose(1, 2)
