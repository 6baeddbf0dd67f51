/**
 * FlightHub 2 sync: media upload notifications posted by FlightHub (or any relay of a dock's
 * file_upload_callback) feed the same path as the MQTT bridge. Authenticated with a dock key that an
 * admin made for the dock (POST /api/v1/docks/{id}/keys), sent as X-Organization-Key (FlightHub's
 * header) or as a bearer token, through the same access gate as every route; the body is the Cloud API envelope of a
 * file_upload_callback (DJI-CLOUD-API.md §2). FlightHub's own webhook payload is not documented in any
 * source we hold (§8): docs/docks.md says what is accepted and how to relay.
 */
import express, { Router, type RequestHandler } from 'express';
import { AppError, BadInputError, ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { envelopeSchema } from '../../core/pipeline/dock/dji-envelope.ts';
import { parseMediaEvent } from '../../core/pipeline/dock/media-event.ts';
import { dockObjectPrefix } from '../../core/pipeline/dock/session-policy.ts';
import type { Services } from '../../core/services.ts';
import { createS3Client } from '../../core/storage/s3-client.ts';
import { currentUser } from '../auth.ts';
import { receiveDockMedia, type DockBucket } from '../dock/dock-media.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';

const FlightHubMedia = registry.register(
  'FlightHubMediaNotification',
  envelopeSchema.extend({ method: z.literal('file_upload_callback'), data: z.object({ file: z.object({ object_key: z.string(), name: z.string().optional(), ext: z.object({ flight_id: z.string() }).passthrough(), metadata: z.record(z.string(), z.unknown()).optional() }).passthrough() }).passthrough() }),
);
registry.registerPath({
  method: 'post',
  path: '/api/v1/flighthub/media',
  request: { body: { content: { 'application/json': { schema: FlightHubMedia } } } },
  responses: { 200: { description: '{result: 0, imageId, missionId, repeat} (taken in, or already taken in)' }, ...errorResponses(400, 401, 403, 404, 413, 422, 503) },
});

/** FlightHub sends the key as X-Organization-Key: read as the bearer token the access gate checks. */
const organizationKeyAsBearer: RequestHandler = (req, _res, next) => {
  const key = req.headers['x-organization-key'];
  if (!req.headers.authorization && typeof key === 'string' && key.trim()) req.headers.authorization = `Bearer ${key.trim()}`;
  next();
};

/** `gate`: the app's access gate, run after this router's own body parser and its size cap. */
export function flighthubRouter(s: Services, gate: RequestHandler): Router {
  const router = Router();
  const bucket: DockBucket | null = s.config.S3_BUCKET ? { client: createS3Client(s.config), bucket: s.config.S3_BUCKET } : null;
  router.use(express.json({ limit: s.config.DOCK_MAX_MESSAGE_BYTES }), organizationKeyAsBearer, gate);

  router.post('/media', async (req, res) => {
    if (!bucket) throw new AppError(503, 'no_dock_storage', 'dock storage is not configured (S3_BUCKET)');
    const { dockId } = currentUser(req);
    const dock = dockId ? await s.docks.get(dockId) : null;
    if (!dock?.serial) throw new ForbiddenError('this key belongs to no registered dock: an admin makes one with POST /api/v1/docks/{id}/keys for a dock that has its serial number');
    const envelope = envelopeSchema.parse(req.body);
    if (envelope.gateway && envelope.gateway !== dock.serial) throw new ForbiddenError(`this key belongs to dock ${dock.serial}, not ${envelope.gateway}`);
    if (envelope.method !== 'file_upload_callback') throw new BadInputError('unsupported_method', `method ${JSON.stringify(envelope.method ?? null)} is not a media upload notification`);
    const parsed = parseMediaEvent(envelope.data, s.config.PHOTO_UTC_OFFSET_MIN);
    if (!parsed.ok) throw new BadInputError('bad_media_event', parsed.detail);
    const outcome = await receiveDockMedia(s, bucket, { dock, event: parsed.event, allowedPrefix: dockObjectPrefix(s.config.S3_PREFIX, dock.serial), tid: envelope.tid, bid: envelope.bid });
    switch (outcome.kind) {
      case 'taken':
        res.json({ result: 0, imageId: outcome.imageId, missionId: outcome.missionId, repeat: outcome.duplicate });
        return;
      case 'repeat':
        res.json({ result: 0, imageId: outcome.imageId, repeat: true });
        return;
      case 'not_a_photo':
        res.json({ result: 0, skipped: 'not a photo' });
        return;
      case 'missing':
        throw new NotFoundError('object', parsed.event.objectKey);
      case 'refused':
        throw new AppError(422, 'refused', outcome.reason);
    }
  });
  return router;
}
