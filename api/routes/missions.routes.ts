/** Missions: create, list, progress; photo, flight-log and wayline uploads (operator, dock). */
import { readFile } from 'node:fs/promises';
import { Router, type Request } from 'express';
import { JobName } from '../../core/jobs.ts';
import { AppError, BadInputError, ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { uploadBytes, uploads } from '../../core/metrics.ts';
import { readKmzWayline } from '../../core/pipeline/wayline/read-kmz-wayline.ts';
import type { Services } from '../../core/services.ts';
import { currentUser } from '../auth.ts';
import { departmentScope } from '../access/department-scope.ts';
import type { User } from '../../core/db/repositories/users.repository.ts';
import type { Mission } from '../../core/db/repositories/missions.repository.ts';
import { uploadRateLimit } from '../rate-limits.ts';
import { idOf } from '../params.ts';
import { text } from '../text-fields.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { parseFlightLogInThread } from '../upload/flight-log.thread.ts';
import { acceptPhoto } from '../upload/accept-photo.ts';
import { keepChecked } from '../upload/keep-checked.ts';
import { receiveFiles } from '../upload/multipart.ts';
import { missionView } from '../views/mission.view.ts';
import { anchorTrack } from '../../core/pipeline/flightlog/anchor-track.ts';

export const CreateMissionSchema = registry.register(
  'CreateMission',
  z.object({ name: text.name(), dockId: text.id().optional(), startedAt: z.string().datetime({ offset: true }).optional() }),
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

/** A dock account acts only on its own dock's missions (one bound to no dock: on missions without a dock). */
const dockMayUse = (user: User, mission: Pick<Mission, 'dockId'>): boolean => user.role !== 'dock' || mission.dockId === user.dockId;
const MissionListQuery = z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(500).optional() });

export function missionsRouter(s: Services): Router {
  const router = Router();
  const uploadLimit = uploadRateLimit(s);

  const missionOr404 = async (req: Request) => {
    const id = idOf(req);
    const mission = await s.missions.get(id);
    if (!mission) throw new NotFoundError('mission', id);
    if (!dockMayUse(currentUser(req), mission)) throw new ForbiddenError(`mission ${id} belongs to another dock`);
    return mission;
  };

  router.post('/', async (req, res) => {
    const body = CreateMissionSchema.parse(req.body);
    const user = currentUser(req);
    // A dock's key opens missions for its own dock only: the dock is taken from the key.
    if (user.role === 'dock' && body.dockId !== undefined && body.dockId !== user.dockId) throw new ForbiddenError(`this key belongs to dock ${user.dockId ?? '(none)'}, not ${body.dockId}`);
    if (body.dockId && !(await s.geo.docks()).some((d) => d.id === body.dockId)) {
      throw new BadInputError('unknown_dock', `dock ${body.dockId} does not exist (GET /api/v1/docks lists them)`, { field: 'dockId' });
    }
    const mission = await s.missions.create({ ...body, ...(user.role === 'dock' ? { dockId: user.dockId } : {}), createdBy: user.id });
    res.status(201).json(await missionView(s, mission));
  });

  router.get('/', async (req, res) => {
    const user = currentUser(req);
    // Paged when asked (the list page); without offset/limit every mission, as before.
    const q = MissionListQuery.parse(req.query);
    const all = (await s.missions.list(100_000)).filter((m) => dockMayUse(user, m));
    const page = q.limit === undefined ? all.slice(q.offset) : all.slice(q.offset, q.offset + q.limit);
    res.json({ total: all.length, missions: await Promise.all(page.map((m) => missionView(s, m, { track: false }))) });
  });

  router.get('/:id', async (req, res) => {
    res.json(await missionView(s, await missionOr404(req)));
  });

  router.get('/:id/images', async (req, res) => {
    await missionOr404(req);
    let images = await s.images.listByMission(idOf(req));
    const scope = departmentScope(currentUser(req));
    if (scope.kind !== 'all') {
      const visible = scope.kind === 'department' ? await s.findings.imagesInDepartment(images.map((i) => i.id), scope.departmentId) : new Set<string>();
      images = images.filter((i) => visible.has(i.id));
    }
    res.json({ images: images.map((i) => ({ id: i.id, filename: i.filename, sha256: i.sha256, status: i.status, error: i.error, meta: i.meta, footprint: i.footprint, duplicateOf: i.duplicateOf })) });
  });

  router.post('/:id/images', uploadLimit, async (req, res) => {
    const mission = await missionOr404(req);
    const { results, malformed } = await receiveFiles<UploadResult>(req, { fields: ['files', 'file'], maxBytes: s.config.MAX_UPLOAD_BYTES }, async (stream, part) => {
      const staged = await s.blobs.stage(stream);
      try {
        if (part.truncated()) {
          await s.blobs.discard(staged);
          throw new AppError(413, 'too_large', `file is larger than the limit of ${s.config.MAX_UPLOAD_BYTES} bytes`);
        }
        const { image, duplicate } = await acceptPhoto(s, { missionId: mission.id, staged, filename: part.filename });
        uploads.inc({ kind: 'photo', outcome: duplicate ? 'duplicate' : 'stored' });
        if (!duplicate) uploadBytes.inc({ kind: 'photo' }, staged.size);
        return { id: image.id, filename: part.filename, sha256: image.sha256, status: image.status, duplicate, ...(image.duplicateOf ? { duplicateOf: image.duplicateOf } : {}) };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        uploads.inc({ kind: 'photo', outcome: 'refused' });
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

  router.post('/:id/flight-logs', uploadLimit, async (req, res) => {
    const mission = await missionOr404(req);
    const maxBytes = s.config.MAX_FLIGHT_LOG_BYTES;
    const { results, malformed } = await receiveFiles(req, { fields: ['file', 'files'], maxBytes, maxFiles: 1 }, async (stream, part) => {
      const { value: track, staged } = await keepChecked(s.blobs, stream, part, maxBytes, async (file) => {
        if (file.size === 0) throw new BadInputError('empty_file', 'the flight log is empty (0 bytes)');
        return parseFlightLogInThread(file.tmpPath, part.filename, s.config.FLIGHT_LOG_PARSE_HEAP_MB);
      }, 'MAX_FLIGHT_LOG_BYTES');
      return { track, sha256: staged.sha256, filename: part.filename };
    });
    const first = results[0];
    if (!first) throw new BadInputError(malformed ? 'malformed_multipart' : 'no_files', malformed ?? 'no file part named "file" in the request');
    // On the UTC clock before it is stored; a log without dates is anchored to the mission start or refused (422).
    const anchored = anchorTrack(first.track, { missionStartedAt: mission.startedAt, utcOffsetMin: s.config.PHOTO_UTC_OFFSET_MIN });
    const { log, duplicate } = await s.flightLogs.save({ missionId: mission.id, ...first, ...anchored });
    // Also for a duplicate: a first try that got 503 (Redis away) left the log stored but not applied; the
    // job id is the log's, so a log already waiting is not queued twice, and applying one again is idempotent.
    await s.jobs.add({ name: JobName.ApplyFlightLog, data: { missionId: mission.id, flightLogId: log.id } });
    res.status(201).json({ id: log.id, format: log.format, points: log.points, startedAt: log.startedAt, endedAt: log.endedAt, duplicate });
  });

  router.post('/:id/waylines', uploadLimit, async (req, res) => {
    const mission = await missionOr404(req);
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
