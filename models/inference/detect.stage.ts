/**
 * The detection stage: decode once, letterbox each view (tiles + whole-image pass) into a reused input
 * buffer, run the session, decode the output, map boxes back to original pixels, merge by class-wise NMS.
 */
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { Detection } from '../../core/domain.ts';
import { mergeViews, nmsClasswise } from './boxes.nms.ts';
import { decodeImage, type DecodedImage } from './image.decode.ts';
import { clipBox, letterbox, unletterbox } from './letterbox.math.ts';
import type { LoadedModel } from './model-registry.ts';
import { decodeOutput, type ScoredBox } from './output.decode.ts';
import { fillTensor } from './tensor.fill.ts';
import { planViews, type View } from './tiles.plan.ts';
import { calibrateScore, rawScoreFor } from './score-calibration.ts';

/** Options of {@link detect}; every field optional. */
export interface DetectOptions {
  /** Cut large photos into tiles (default true). false: one letterboxed pass, decoded with shrink-on-load. */
  tiling?: boolean;
  /** Tile size in original pixels (default: the model input size). */
  tileSize?: number | { width: number; height: number };
  /** Fraction of overlap between neighbouring tiles (default 0.2). */
  overlap?: number;
  /**
   * Enlarge a photo (or view) smaller than the model input to fill it (default false: it is centred in
   * padding at its own size). The shipped models were trained on crops scaled 0.67-1.1x; a 56 px thumbnail
   * blown up 11x is blur at a scale they never saw, and they read it as smoke and vehicles.
   */
  scaleUp?: boolean;
  /** Add a whole-image pass to the tiles so hazards larger than a tile are seen whole (default true). */
  wholeImage?: boolean;
  /** Minimum score: one for all classes, or per class id; default the manifest's thresholds. */
  minScore?: number | Record<string, number>;
  /** IoU above which same-class boxes are duplicates (default the manifest's nmsIou). */
  nmsIou?: number;
  /** Intersection-over-smaller above which same-class boxes from different views merge (default 0.6). */
  mergeIos?: number;
  /** Keep at most this many detections, best first (default 300). */
  maxDetections?: number;
  /** sharp's pixel limit (default 268 MP). */
  limitInputPixels?: number;
  /**
   * Decode the photo at this fraction of its size (0 < scale <= 1; default 1, full size). decodeScale()
   * gives it from the photo's pose and the model's `maxPxPerM`; the caller records what it passed.
   */
  scale?: number;
}

/** Per-class minimum raw score: the thresholds (calibrated units) mapped back through the model's calibration. */
function scoresFor(model: LoadedModel, minScore: DetectOptions['minScore']): Float32Array {
  const calibrated =
    minScore === undefined
      ? model.minScores
      : typeof minScore === 'number'
        ? new Float32Array(model.classIds.length).fill(minScore)
        : Float32Array.from(model.classIds, (id, i) => minScore[id] ?? model.minScores[i]!);
  return model.temperature === 1 ? calibrated : calibrated.map((t) => rawScoreFor(t, model.temperature));
}

/** Runs the model on one view of the decoded image; boxes come back in decoded-image pixels. */
async function runView(model: LoadedModel, img: DecodedImage, view: View, scores: Float32Array, buf: Float32Array, scaleUp: boolean): Promise<ScoredBox[]> {
  const W = model.inputWidth;
  const H = model.inputHeight;
  const lb = letterbox(view.w, view.h, W, H, { scaleUp });
  if (lb.newW === view.w && lb.newH === view.h) {
    fillTensor(buf, img.rgb, img.width, view, lb.padX, lb.padY, W, H);
  } else {
    // Resample from the already decoded pixels (no second JPEG decode).
    const resized = await sharp(img.rgb, { raw: { width: img.width, height: img.height, channels: 3 } })
      .extract({ left: view.x, top: view.y, width: view.w, height: view.h })
      .resize(lb.newW, lb.newH, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer();
    fillTensor(buf, resized, lb.newW, { x: 0, y: 0, w: lb.newW, h: lb.newH }, lb.padX, lb.padY, W, H);
  }
  const out = await model.session.run({ [model.inputName]: new ort.Tensor('float32', buf, [1, 3, H, W]) }, [model.outputName]);
  const tensor = out[model.outputName]!;
  const boxes = decodeOutput(model.layout, tensor.data as Float32Array, tensor.dims, scores);
  tensor.dispose();
  if (model.temperature !== 1) for (const b of boxes) b.score = calibrateScore(b.score, model.temperature);
  return boxes.map((b) => clipBox({ ...unletterbox(b, lb, view.x, view.y), view: view.index }, img.width, img.height));
}

/**
 * Detects hazards in one photo (bytes or a file path). Boxes are [x, y, w, h] in ORIGINAL pixels of the
 * EXIF-oriented photo (sharp auto-orient), best score first. Throws ImageDecodeError for a bad photo.
 */
export async function detect(model: LoadedModel, image: Uint8Array | string, opts: DetectOptions = {}): Promise<Detection[]> {
  const tiling = opts.tiling ?? model.tiling;
  const tile = opts.tileSize ?? { width: model.inputWidth, height: model.inputHeight };
  const tileW = typeof tile === 'number' ? tile : tile.width;
  const tileH = typeof tile === 'number' ? tile : tile.height;
  const img = await decodeImage(image, {
    maxSide: tiling ? undefined : Math.max(model.inputWidth, model.inputHeight),
    scale: opts.scale,
    limitInputPixels: opts.limitInputPixels,
  });
  const views = planViews(img.width, img.height, { tiling, tileW, tileH, overlap: opts.overlap ?? 0.2, wholeImage: opts.wholeImage ?? true });
  const scores = scoresFor(model, opts.minScore);
  const nmsIou = opts.nmsIou ?? model.nmsIou;
  const buf = model.buffers.pop() ?? new Float32Array(3 * model.inputWidth * model.inputHeight);
  const all: ScoredBox[] = [];
  try {
    for (const view of views) {
      // Class-wise NMS inside the view first: a YOLOv8 head proposes many overlapping anchors per object.
      all.push(...nmsClasswise(await runView(model, img, view, scores, buf, opts.scaleUp ?? false), nmsIou));
    }
  } finally {
    model.buffers.push(buf);
  }
  const merged = views.length > 1 ? mergeViews(all, { iou: nmsIou, ios: opts.mergeIos ?? 0.6, coarseViews: new Set(views.filter((v) => v.kind === 'whole').map((v) => v.index)) }) : all;
  const sx = img.origWidth / img.width;
  const sy = img.origHeight / img.height;
  const round = (v: number) => Math.round(v * 100) / 100;
  return merged
    .filter((b) => b.x2 > b.x1 && b.y2 > b.y1)
    .sort((a, b) => b.score - a.score)
    .slice(0, opts.maxDetections ?? 300)
    .map((b) => ({
      class: model.classIds[b.classId]!,
      score: Math.round(b.score * 1e4) / 1e4,
      bbox: [round(b.x1 * sx), round(b.y1 * sy), round((b.x2 - b.x1) * sx), round((b.y2 - b.y1) * sy)],
    }));
}
