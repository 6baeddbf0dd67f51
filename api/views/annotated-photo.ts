/**
 * The annotated copy of a photo (boxes coloured by the findings' severity), made once per drawing and
 * kept beside the original. Served to signed-in users and, through a signed link, to alert recipients.
 */
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { ImageRecord } from '../../core/db/repositories/images.repository.ts';
import type { Services } from '../../core/services.ts';
import { annotate } from '../../models/inference/annotate.ts';
import type { ModelManifest } from '../../models/inference/manifest.schema.ts';
import { SingleFlight } from '../single-flight.ts';

/** Concurrent first requests for one derived file share one render (three decodes of a big photo at once took 6 GB). */
const renders = new SingleFlight<string>();

/** Serves a derived file, making it once on first request. */
export async function serveDerived(s: Services, res: Response, image: ImageRecord, variant: string, make: () => Promise<Uint8Array>): Promise<void> {
  const file = await renders.run(`${image.sha256}/${variant}`, () => s.blobs.derivedFile(image.sha256, variant, make));
  res.type('image/jpeg').set('Cache-Control', 'private, max-age=3600').sendFile(file);
}

/** Send the annotated copy of `image`, drawn from a bounded decode (ANNOTATE_MAX_EDGE, MAX_IMAGE_PIXELS). */
export async function sendAnnotated(s: Services, res: Response, image: ImageRecord): Promise<void> {
  const modelId = await s.detections.latestModelFor(image.id);
  const model = modelId ? await s.models.get(modelId) : null;
  // Boxes filed as findings take their severity's colour (the map's).
  const severity = new Map((await s.findings.forImage(image.id)).map((f) => [f.detectionId, f.severity]));
  const detections = (modelId ? await s.detections.forImage(image.id, modelId) : []).map((d) => ({ ...d, severity: severity.get(d.id) ?? null }));
  // The size check's verdicts, the severities and the drawing size change the drawing, so they name the cached variant.
  const checked = detections.filter((d) => d.sizeCheck !== null).length;
  const severities = createHash('sha256').update(detections.map((d) => d.severity ?? '-').join(',')).digest('hex').slice(0, 10);
  const variant = `annotated-${(model?.sha256 ?? 'none').slice(0, 12)}-${detections.length}-${checked}-${severities}-${s.config.ANNOTATE_MAX_EDGE}.jpg`;
  const bounded = { maxEdge: s.config.ANNOTATE_MAX_EDGE, maxInputPixels: s.config.MAX_IMAGE_PIXELS };
  await serveDerived(s, res, image, variant, () =>
    s.blobs.withLocalFile(image.sha256, (file) => annotate(file, detections, { manifest: model?.manifest as Pick<ModelManifest, 'classes'> | undefined, ...bounded })),
  );
}
