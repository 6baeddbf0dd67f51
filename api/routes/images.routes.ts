/** Photos: pose and detections, the original bytes, a thumbnail and an annotated copy. */
import { Router, type Request } from 'express';
import sharp from 'sharp';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import type { ImageRecord } from '../../core/db/repositories/images.repository.ts';
import type { Services } from '../../core/services.ts';
import { idOf } from '../params.ts';
import { currentUser } from '../auth.ts';
import { departmentScope } from '../access/department-scope.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { sendAnnotated, serveDerived } from '../views/annotated-photo.ts';
import { imageView } from '../views/image.view.ts';
import { sendBlob } from '../send-blob.ts';

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

  router.get('/:id', async (req, res) => {
    res.json(await imageView(s, await imageOr404(req)));
  });

  router.get('/:id/original', async (req, res) => {
    const image = await imageOr404(req);
    res
      .type(image.contentType)
      .set('Content-Disposition', `attachment; filename="${image.sha256}${image.contentType === 'image/jpeg' ? '.jpg' : ''}"`)
      .set('Digest', `sha-256=${Buffer.from(image.sha256, 'hex').toString('base64')}`);
    await sendBlob(s.blobs, image.sha256, res);
  });

  router.get('/:id/thumbnail', async (req, res) => {
    const image = await imageOr404(req);
    // Shrink-on-load: sharp lets libjpeg decode at 1/2..1/8 scale when the target is this small.
    await serveDerived(s, res, image, `thumb-${THUMB_EDGE}.jpg`, () =>
      s.blobs.withLocalFile(image.sha256, (file) => sharp(file, { limitInputPixels: s.config.MAX_IMAGE_PIXELS }).rotate().resize(THUMB_EDGE, THUMB_EDGE, { fit: 'inside' }).jpeg({ quality: 80 }).toBuffer()),
    );
  });

  router.get('/:id/annotated', async (req, res) => {
    await sendAnnotated(s, res, await imageOr404(req));
  });

  return router;
}
