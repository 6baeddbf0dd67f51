/**
 * Exports what officers decided as training tiles: hazards from confirmed cases, and the places the model
 * cried wolf (dismissed cases) as hard negatives. Real patrol imagery of the deployment's own ground is
 * what a synthetic-trained model lacks most; this turns every review into data for the next model.
 *
 * Writes, into an empty folder:
 * - `images/<id>.jpg`: square tiles, cut from the photo at the scale the model saw it (its decode scale);
 * - `labels/<id>.txt`: YOLO labels (class cx cy w h, normalised; empty for a hard negative), with
 *   `data.yaml` naming the classes, so Ultralytics trains on the folder as it is;
 * - `labels.json`: the same labels in this project's shard format (models/training/train.py reads
 *   every `shardN/labels.json`), each tile with its source: image, sha256, mission, cases and tile position.
 */
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { HAZARD_CLASSES } from '../../core/domain.ts';
import type { DetectionsRepository } from '../../core/db/repositories/detections.repository.ts';
import type { Finding, FindingsRepository } from '../../core/db/repositories/findings.repository.ts';
import type { ImagesRepository } from '../../core/db/repositories/images.repository.ts';
import type { BlobStore } from '../../core/storage/blob-store.ts';
import { decodeImage } from '../inference/image.decode.ts';
import { planReviewTiles, verdictOf, type Box, type ReviewedBox, type ReviewVerdict } from './review-tiles.plan.ts';

export interface ReviewExportSources {
  findings: FindingsRepository;
  detections: DetectionsRepository;
  images: ImagesRepository;
  blobs: BlobStore;
}

export interface ReviewExportOptions {
  /** Only findings captured at or after / before these ISO times. */
  since?: string;
  until?: string;
  /** Tile side in pixels of the photo as the model saw it (default 640). */
  tileSize?: number;
  onProgress?: (done: number, total: number, imageId: string) => void;
}

export interface ReviewExportSummary {
  /** Photos with at least one reviewed finding. */
  photos: number;
  tiles: number;
  /** Tiles holding at least one confirmed hazard; the rest are hard negatives. */
  hazardTiles: number;
  hardNegativeTiles: number;
  /** Boxes of those photos by verdict (detections without a finding count as unreviewed). */
  boxes: Record<ReviewVerdict, number>;
  /** Labelled hazards written, per class. */
  hazardsPerClass: Record<string, number>;
  /** Reviewed boxes no tile could take (an unreviewed box or a cut hazard beside them). */
  reviewedBoxesLeftOut: number;
  classes: string[];
}

/** Thrown for an output folder that is not empty: an export never mixes with or overwrites another. */
export class ExportFolderNotEmptyError extends Error {
  constructor(dir: string) {
    super(`${dir} is not empty: export into a new or empty folder`);
    this.name = 'ExportFolderNotEmptyError';
  }
}

const round = (v: number) => Math.round(v * 100) / 100;

export async function exportReviewed(src: ReviewExportSources, outDir: string, opts: ReviewExportOptions = {}): Promise<ReviewExportSummary> {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new ExportFolderNotEmptyError(outDir);
  mkdirSync(path.join(outDir, 'images'), { recursive: true });
  mkdirSync(path.join(outDir, 'labels'), { recursive: true });

  const findings = await src.findings.search({ since: opts.since, until: opts.until, limit: 1_000_000 });
  const byImage = new Map<string, Array<Finding & { caseStatus: string | null }>>();
  for (const f of findings) {
    const list = byImage.get(f.imageId);
    if (list) list.push(f);
    else byImage.set(f.imageId, [f]);
  }
  const reviewedImages = [...byImage].filter(([, fs]) => fs.some((f) => verdictOf(f.caseStatus) !== 'unreviewed'));

  const classes: string[] = [...HAZARD_CLASSES];
  const classIndex = (c: string) => (classes.includes(c) ? classes.indexOf(c) : classes.push(c) - 1);
  const summary: ReviewExportSummary = {
    photos: reviewedImages.length,
    tiles: 0,
    hazardTiles: 0,
    hardNegativeTiles: 0,
    boxes: { hazard: 0, false_alarm: 0, unreviewed: 0 },
    hazardsPerClass: {},
    reviewedBoxesLeftOut: 0,
    classes,
  };
  const entries: unknown[] = [];
  for (const [n, [imageId, imageFindings]] of reviewedImages.entries()) {
    const image = await src.images.get(imageId);
    const modelId = await src.detections.latestModelFor(imageId);
    if (!image || !modelId) continue;
    const detections = await src.detections.forImage(imageId, modelId);
    const findingOf = new Map(imageFindings.map((f) => [f.detectionId, f]));
    // The model saw the photo at this scale; tiles are cut there, so they show hazards at its resolution.
    const scale = detections[0]?.decodeScale ?? 1;
    const boxes: Array<ReviewedBox & { caseId: string | null }> = detections.map((d) => {
      const f = findingOf.get(d.id);
      return { class: d.class, bbox: d.bbox.map((v) => v * scale) as Box, verdict: verdictOf(f?.caseStatus), caseId: f?.caseId ?? null };
    });
    for (const b of boxes) summary.boxes[b.verdict]++;
    // Decoded once, oriented and at the model's scale, exactly as the detect stage decodes it.
    const photo = await src.blobs.withLocalFile(image.sha256, (file) => decodeImage(file, { scale }));
    const { tiles, leftOut } = planReviewTiles(photo.width, photo.height, boxes, { tileSize: opts.tileSize });
    summary.reviewedBoxesLeftOut += leftOut.length;
    const raw = { raw: { width: photo.width, height: photo.height, channels: 3 as const } };
    for (const [i, t] of tiles.entries()) {
      const name = `${imageId}_${i}`.replace(/[^A-Za-z0-9_-]/g, '-');
      const jpeg = await sharp(photo.rgb, raw).extract({ left: t.x, top: t.y, width: t.size, height: t.size }).jpeg({ quality: 92 }).toBuffer();
      writeFileSync(path.join(outDir, 'images', `${name}.jpg`), jpeg);
      const yolo = t.objects.map((o) => {
        const [x, y, w, h] = o.bbox;
        return [classIndex(o.class), (x + w / 2) / t.size, (y + h / 2) / t.size, w / t.size, h / t.size].map((v, k) => (k === 0 ? String(v) : v.toFixed(6))).join(' ');
      });
      writeFileSync(path.join(outDir, 'labels', `${name}.txt`), yolo.length ? `${yolo.join('\n')}\n` : '');
      const caseIds = [...new Set(t.shows.flatMap((k) => boxes[k]!.caseId ?? []))];
      entries.push({
        file: `images/${name}.jpg`,
        width: t.size,
        height: t.size,
        objects: t.objects.map((o) => ({ class: o.class, bbox: o.bbox.map(round) })),
        source: { imageId, missionId: image.missionId, sha256: image.sha256, filename: image.filename, modelId, decodeScale: scale, tile: [t.x, t.y, t.size], falseAlarms: t.falseAlarms, caseIds },
      });
      summary.tiles++;
      if (t.objects.length) summary.hazardTiles++;
      else summary.hardNegativeTiles++;
      for (const o of t.objects) summary.hazardsPerClass[o.class] = (summary.hazardsPerClass[o.class] ?? 0) + 1;
    }
    opts.onProgress?.(n + 1, reviewedImages.length, imageId);
  }
  writeFileSync(path.join(outDir, 'labels.json'), `${JSON.stringify(entries, null, 1)}\n`);
  const yaml = ['# Tiles exported from officer reviews (npm run export:reviewed): confirmed hazards and dismissed false alarms', 'path: .', 'train: images', 'val: images', 'names:', ...classes.map((c, i) => `  ${i}: ${c}`)];
  writeFileSync(path.join(outDir, 'data.yaml'), `${yaml.join('\n')}\n`);
  return summary;
}
