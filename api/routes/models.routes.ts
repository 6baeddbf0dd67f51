/**
 * The model registry: list, upload a new model (ONNX + manifest, checked before it is kept), switch the
 * active model of a band (no restart: workers read the active model and its manifest per job), re-run a
 * mission with a model.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { JobName } from '../../core/jobs.ts';
import { BadInputError, NotFoundError } from '../../core/errors.ts';
import { installUploadedModel } from '../../models/inference/model-upload.ts';
import { uploadedModelsDir } from '../../models/register-models.ts';
import { receiveFiles } from '../upload/multipart.ts';
import type { Services } from '../../core/services.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { text } from '../text-fields.ts';
import { idOf } from '../params.ts';

const RerunSchema = registry.register('Rerun', z.object({ modelId: text.id().optional() }));
registry.registerPath({ method: 'get', path: '/api/v1/models', responses: { 200: { description: 'id, version, sha256, classes, active' }, ...errorResponses(401) } });
registry.registerPath({
  method: 'post',
  path: '/api/v1/models',
  request: {
    query: z.object({ activate: z.enum(['true', 'false']).optional() }),
    body: { content: { 'multipart/form-data': { schema: z.object({ model: z.string().openapi({ format: 'binary' }), manifest: z.string().openapi({ format: 'binary' }) }) } } },
  },
  responses: { 201: { description: 'registered (and active for its band with ?activate=true)' }, ...errorResponses(400, 401, 403, 409, 413) },
});
registry.registerPath({ method: 'post', path: '/api/v1/models/{id}/activate', request: { params: z.object({ id: z.string() }) }, responses: { 200: { description: 'activated' }, ...errorResponses(401, 403, 404) } });
registry.registerPath({ method: 'post', path: '/api/v1/missions/{id}/detect', request: { params: z.object({ id: z.string() }), body: { content: { 'application/json': { schema: RerunSchema } } } }, responses: { 202: { description: 'queued' }, ...errorResponses(401, 403, 404) } });

export function modelsRouter(s: Services): Router {
  const router = Router();

  router.get('/models', async (_req, res) => {
    const models = await s.models.list();
    res.json({
      models: models.map((m) => ({
        id: m.id,
        name: m.name,
        version: m.version,
        sha256: m.sha256,
        classes: m.manifest.classes,
        input: m.manifest.input,
        thresholds: m.manifest.thresholds,
        metrics: m.manifest.metrics,
        band: m.band,
        calibration: m.manifest.calibration ?? null,
        active: m.active,
      })),
    });
  });

  // An admin uploads a model: parts "model" (the ONNX file) and "manifest" (its manifest.json).
  router.post('/models', async (req, res) => {
    const root = uploadedModelsDir(s.config.DATA_DIR);
    const staging = path.join(root, '.staging');
    await mkdir(staging, { recursive: true });
    const staged: string[] = [];
    let onnx: string | undefined;
    let manifestText: string | undefined;
    try {
      const { malformed } = await receiveFiles(req, { fields: ['model', 'manifest'], maxBytes: s.config.MAX_UPLOAD_BYTES, maxFiles: 2 }, async (stream, part) => {
        if (part.field === 'manifest') {
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          manifestText = Buffer.concat(chunks).toString('utf8');
        } else {
          const file = path.join(staging, `${randomUUID()}.onnx`);
          staged.push(file);
          await pipeline(stream, createWriteStream(file));
          onnx = file;
        }
        if (part.truncated()) throw new BadInputError('too_large', `the ${part.field} part is larger than ${s.config.MAX_UPLOAD_BYTES} bytes (MAX_UPLOAD_BYTES)`, undefined, 413);
      });
      if (!onnx) throw new BadInputError(malformed ? 'malformed_multipart' : 'no_model', malformed ?? 'no file part named "model" (the ONNX file) in the request');
      if (manifestText === undefined) throw new BadInputError('no_manifest', 'no file part named "manifest" (its manifest.json) in the request');
      const info = await installUploadedModel(onnx, manifestText, root);
      await s.models.upsert({ id: info.id, name: info.name, version: info.version, sha256: info.sha256, path: info.manifestPath, manifest: info.manifest as unknown as Record<string, unknown> });
      if (req.query.activate === 'true') await s.models.activate(info.id);
      const model = (await s.models.get(info.id))!;
      s.log.info({ model: model.id, band: model.band, active: model.active }, 'model uploaded');
      res.status(201).json({ id: model.id, name: model.name, version: model.version, sha256: model.sha256, band: model.band, classes: info.manifest.classes, active: model.active });
    } finally {
      await Promise.all(staged.map((f) => rm(f, { force: true })));
    }
  });

  router.post('/models/:id/activate', async (req, res) => {
    const model = await s.models.get(idOf(req));
    if (!model) throw new NotFoundError('model', idOf(req));
    await s.models.activate(model.id);
    res.json({ id: model.id, active: true });
  });

  // Re-running a mission with another model is one call: its photos are detected and analysed again.
  router.post('/missions/:id/detect', async (req, res) => {
    const mission = await s.missions.get(idOf(req));
    if (!mission) throw new NotFoundError('mission', idOf(req));
    const { modelId } = RerunSchema.parse(req.body ?? {});
    const model = modelId ? await s.models.get(modelId) : await s.models.active();
    if (!model) throw new NotFoundError('model', modelId ?? '(active)');
    const images = (await s.images.listByMission(mission.id)).filter((i) => i.meta !== null);
    for (const image of images) {
      await s.images.setStatus(image.id, 'queued');
      await s.jobs.add({ name: JobName.DetectImage, data: { imageId: image.id, modelId: model.id } }, { jobIdSuffix: String(Date.now()) });
    }
    await s.missions.refreshStatus(mission.id);
    res.status(202).json({ missionId: mission.id, modelId: model.id, queued: images.length });
  });

  return router;
}
