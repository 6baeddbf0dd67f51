/** Photos: pose and detections, the original bytes, a thumbnail and an annotated copy. */
import { existsSync } from 'node:fs';
import { Router, type Request, type Response } from 'express';
import sharp from 'sharp';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import type { ImageRecord } from '../../core/db/repositories/images.repository.ts';
import type { Services } from '../../core/services.ts';
import { annotate } from '../../models/inference/annotate.ts';
import type { ModelManifest } from '../../models/inference/manifest.schema.ts';
import { idOf } from '../params.ts';
import { currentUser } from '../auth.ts';
import { departmentScope } from '../access/department-scope.ts';
import { SingleFlight } from '../single-flight.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { imageView } from '../views/image.view.ts';

const ImageParams = z.object({ id: z.string() });
for (const suffix of ['', '/original', '/thumbnail', '/annotated']) {
  registry.registerPath({ method: 'get', path: `/api/v1/images/{id}${suffix}`, request: { params: ImageParams }, responses: { 200: { description: suffix ? 'image bytes' : 'image with pose and detections' }, ...errorResponses(401, 404) } });
}

const THUMB_EDGE = 320;

export function imagesRouter(s: Services): Router {
  const router = Router();

  /** The image, when the caller's department may see it: officers only photos with a finding of theirs. */
  const imageOr404 = async (req: Request): Promise<ImageRecord> => {
    const id = idOf(req);
    const image = await s.images.get(id);
    if (!image) throw new NotFoundError('image', id);
    const scope = departmentScope(currentUser(req));
    const visible = scope.kind === 'all' || (scope.kind === 'department' && (await s.findings.imagesInDepartment([image.id], scope.departmentId)).has(image.id));
    if (!visible) throw new ForbiddenError(`image ${id} shows nothing of your department`);
    return image;
  };

  const renders = new SingleFlight<void>();
  const bounded = { maxEdge: s.config.ANNOTATE_MAX_EDGE, maxInputPixels: s.config.MAX_IMAGE_PIXELS };

  /** Serves a derived file, making it once on first request (concurrent first requests share one render). */
  const serveDerived = async (res: Response, image: ImageRecord, variant: string, make: () => Promise<Buffer>) => {
    const file = s.blobs.derivedPath(image.sha256, variant);
    if (!existsSync(file)) {
      await renders.run(file, async () => {
        if (!existsSync(file)) await s.blobs.writeDerived(image.sha256, variant, await make());
      });
    }
    res.type('image/jpeg').set('Cache-Control', 'private, max-age=3600').sendFile(file);
  };

  router.get('/:id', async (req, res) => {
    res.json(await imageView(s, await imageOr404(req)));
  });

  router.get('/:id/original', async (req, res) => {
    const image = await imageOr404(req);
    res
      .type(image.contentType)
      .set('Content-Disposition', `attachment; filename="${image.sha256}${image.contentType === 'image/jpeg' ? '.jpg' : ''}"`)
      .set('Digest', `sha-256=${Buffer.from(image.sha256, 'hex').toString('base64')}`)
      .sendFile(s.blobs.pathOf(image.sha256));
  });

  router.get('/:id/thumbnail', async (req, res) => {
    const image = await imageOr404(req);
    // Shrink-on-load: sharp lets libjpeg decode at 1/2..1/8 scale when the target is this small.
    await serveDerived(res, image, `thumb-${THUMB_EDGE}.jpg`, () =>
      sharp(s.blobs.pathOf(image.sha256), { limitInputPixels: s.config.MAX_IMAGE_PIXELS }).rotate().resize(THUMB_EDGE, THUMB_EDGE, { fit: 'inside' }).jpeg({ quality: 80 }).toBuffer(),
    );
  });

  router.get('/:id/annotated', async (req, res) => {
    const image = await imageOr404(req);
    const modelId = await s.detections.latestModelFor(image.id);
    const detections = modelId ? await s.detections.forImage(image.id, modelId) : [];
    const model = modelId ? await s.models.get(modelId) : null;
    // The size check's verdicts change the drawing, so they are part of the cached variant's name.
    const checked = detections.filter((d) => d.sizeCheck !== null).length;
    const variant = `annotated-${(model?.sha256 ?? 'none').slice(0, 12)}-${detections.length}-${checked}-${s.config.ANNOTATE_MAX_EDGE}.jpg`;
    await serveDerived(res, image, variant, () =>
      annotate(s.blobs.pathOf(image.sha256), detections, { manifest: model?.manifest as Pick<ModelManifest, 'classes'> | undefined, ...bounded }),
    );
  });

  return router;
}
