/** Missions: create, list, progress; photo, flight-log and wayline uploads (operator, dock). */
import { readFile } from 'node:fs/promises';
import { Router } from 'express';
import { JobName } from '../../core/jobs.ts';
import { AppError, BadInputError, NotFoundError } from '../../core/errors.ts';
import { parseFlightLog } from '../../core/pipeline/flightlog/parse-flight-log.ts';
import { readKmzWayline } from '../../core/pipeline/wayline/read-kmz-wayline.ts';
import type { Services } from '../../core/services.ts';
import { currentUser, requireRole } from '../auth.ts';
import { idOf } from '../params.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { checkImageFile } from '../upload/check-image-file.ts';
import { keepChecked } from '../upload/keep-checked.ts';
import { receiveFiles } from '../upload/multipart.ts';
import { missionView } from '../views/mission.view.ts';
import { anchorTrack } from '../../core/pipeline/flightlog/anchor-track.ts';

export const CreateMissionSchema = registry.register(
  'CreateMission',
  z.object({ name: z.string().trim().min(1).max(200), dockId: z.string().max(100).optional(), startedAt: z.string().datetime({ offset: true }).optional() }),
);
const UploadedImage = z.object({
  id: z.string().optional(),
  filename: z.string(),
  sha256: z.string().optional(),
  status: z.string().optional(),
  duplicate: z.boolean().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
const MissionParams = z.object({ id: z.string() });

registry.registerPath({ method: 'post', path: '/api/v1/missions', request: { body: { content: { 'application/json': { schema: CreateMissionSchema } } } }, responses: { 201: { description: 'created' }, ...errorResponses(400, 401, 403) } });
registry.registerPath({ method: 'get', path: '/api/v1/missions/{id}', request: { params: MissionParams }, responses: { 200: { description: 'mission with counts and track' }, ...errorResponses(401, 404) } });
registry.registerPath({
  method: 'post',
  path: '/api/v1/missions/{id}/images',
  request: { params: MissionParams, body: { content: { 'multipart/form-data': { schema: z.object({ files: z.array(z.string().openapi({ format: 'binary' })) }) } } } },
  responses: { 202: { description: 'accepted', content: { 'application/json': { schema: z.object({ images: z.array(UploadedImage) }) } } }, ...errorResponses(400, 401, 403, 404, 413, 415) },
});
registry.registerPath({
  method: 'post',
  path: '/api/v1/missions/{id}/flight-logs',
  request: { params: MissionParams, body: { content: { 'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary' }) }) } } } },
  responses: { 201: { description: 'parsed log' }, ...errorResponses(400, 401, 404, 413, 415, 422) },
});
registry.registerPath({
  method: 'post',
  path: '/api/v1/missions/{id}/waylines',
  request: { params: MissionParams, body: { content: { 'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary' }) }) } } } },
  responses: { 201: { description: 'planned route' }, ...errorResponses(400, 401, 404, 415) },
});

const WAYLINE_MAX_BYTES = 50 * 1024 * 1024;

type UploadResult = z.infer<typeof UploadedImage> & { failStatus?: number };

const MissionListQuery = z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(500).optional() });

export function missionsRouter(s: Services): Router {
  const router = Router();
  const uploaders = requireRole('operator', 'dock');
  const viewers = requireRole('operator', 'dock', 'officer', 'manager');

  const missionOr404 = async (id: string) => {
    const mission = await s.missions.get(id);
    if (!mission) throw new NotFoundError('mission', id);
    return mission;
  };

  router.post('/', uploaders, async (req, res) => {
    const body = CreateMissionSchema.parse(req.body);
    const mission = await s.missions.create({ ...body, createdBy: currentUser(req).id });
    res.status(201).json(await missionView(s, mission));
  });

  router.get('/', viewers, async (req, res) => {
    // Paged when asked (the list page); without offset/limit every mission, as before.
    const q = MissionListQuery.parse(req.query);
    const all = await s.missions.list(100_000);
    const page = q.limit === undefined ? all.slice(q.offset) : all.slice(q.offset, q.offset + q.limit);
    res.json({ total: all.length, missions: await Promise.all(page.map((m) => missionView(s, m, { track: false }))) });
  });

  router.get('/:id', viewers, async (req, res) => {
    res.json(await missionView(s, await missionOr404(idOf(req))));
  });

  router.get('/:id/images', viewers, async (req, res) => {
    await missionOr404(idOf(req));
    const images = await s.images.listByMission(idOf(req));
    res.json({ images: images.map((i) => ({ id: i.id, filename: i.filename, sha256: i.sha256, status: i.status, error: i.error, meta: i.meta, footprint: i.footprint, duplicateOf: i.duplicateOf })) });
  });

  router.post('/:id/images', uploaders, async (req, res) => {
    const mission = await missionOr404(idOf(req));
    const { results, malformed } = await receiveFiles<UploadResult>(req, { fields: ['files', 'file'], maxBytes: s.config.MAX_UPLOAD_BYTES }, async (stream, part) => {
      const staged = await s.blobs.stage(stream);
      try {
        if (part.truncated()) throw new AppError(413, 'too_large', `file is larger than the limit of ${s.config.MAX_UPLOAD_BYTES} bytes`);
        const type = await checkImageFile(staged.tmpPath, staged.size);
        await s.blobs.commit(staged);
        const { image, duplicate } = await s.images.register({ missionId: mission.id, sha256: staged.sha256, filename: part.filename, size: staged.size, contentType: `image/${type}` });
        // A photo already analysed in another mission is linked to it, not analysed again.
        if (!duplicate && !image.duplicateOf) await s.jobs.add({ name: JobName.IngestImage, data: { imageId: image.id } });
        return { id: image.id, filename: part.filename, sha256: image.sha256, status: image.status, duplicate, ...(image.duplicateOf ? { duplicateOf: image.duplicateOf } : {}) };
      } catch (error) {
        await s.blobs.discard(staged);
        if (!(error instanceof AppError)) throw error;
        return { filename: part.filename, sha256: staged.sha256, error: { code: error.code, message: error.message }, failStatus: error.status };
      }
    });
    const accepted = results.filter((r) => !r.error);
    if (accepted.length > 0) {
      await s.missions.refreshStatus(mission.id);
      await s.events.publish('mission.updated', await missionView(s, (await s.missions.get(mission.id))!, { track: false }));
    }
    const images = results.map(({ failStatus: _f, ...r }) => r);
    if (accepted.length === 0) {
      if (malformed && results.length === 0) throw new BadInputError('malformed_multipart', `the multipart body could not be read: ${malformed}`);
      if (results.length === 0) throw new BadInputError('no_files', 'no file parts named "files" in the request');
      const statuses = new Set(results.map((r) => r.failStatus));
      const status = statuses.size === 1 ? [...statuses][0]! : 400;
      res.status(status).json({ error: { code: results[0]!.error!.code, message: 'no file in the request could be accepted', details: { images } } });
      return;
    }
    res.status(202).json({ images, ...(malformed ? { warning: `the body broke off after ${results.length} file(s): ${malformed}` } : {}) });
  });

  router.post('/:id/flight-logs', uploaders, async (req, res) => {
    const mission = await missionOr404(idOf(req));
    const { results, malformed } = await receiveFiles(req, { fields: ['file', 'files'], maxBytes: s.config.MAX_UPLOAD_BYTES, maxFiles: 1 }, async (stream, part) => {
      const { value: track, staged } = await keepChecked(s.blobs, stream, part, s.config.MAX_UPLOAD_BYTES, async (file) => {
        if (file.size === 0) throw new BadInputError('empty_file', 'the flight log is empty (0 bytes)');
        return parseFlightLog(await readFile(file.tmpPath), part.filename);
      });
      return { track, sha256: staged.sha256, filename: part.filename };
    });
    const first = results[0];
    if (!first) throw new BadInputError(malformed ? 'malformed_multipart' : 'no_files', malformed ?? 'no file part named "file" in the request');
    // On the UTC clock before it is stored; a log without dates is anchored to the mission start or refused (422).
    const anchored = anchorTrack(first.track, { missionStartedAt: mission.startedAt, utcOffsetMin: s.config.PHOTO_UTC_OFFSET_MIN });
    const { log, duplicate } = await s.flightLogs.save({ missionId: mission.id, ...first, ...anchored });
    if (!duplicate) await s.jobs.add({ name: JobName.ApplyFlightLog, data: { missionId: mission.id, flightLogId: log.id } });
    res.status(201).json({ id: log.id, format: log.format, points: log.points, startedAt: log.startedAt, endedAt: log.endedAt, duplicate });
  });

  router.post('/:id/waylines', uploaders, async (req, res) => {
    const mission = await missionOr404(idOf(req));
    const { results, malformed } = await receiveFiles(req, { fields: ['file', 'files'], maxBytes: WAYLINE_MAX_BYTES, maxFiles: 1 }, async (stream, part) => {
      const { value } = await keepChecked(s.blobs, stream, part, WAYLINE_MAX_BYTES, async (file) => readKmzWayline(await readFile(file.tmpPath)));
      return value;
    });
    const wayline = results[0];
    if (!wayline) throw new BadInputError(malformed ? 'malformed_multipart' : 'no_files', malformed ?? 'no file part named "file" in the request');
    await s.missions.setWayline(mission.id, wayline);
    res.status(201).json(wayline);
  });

  return router;
}
