/** The model registry: list, switch the active model (no restart), re-run a mission with a model. */
import { Router } from 'express';
import { JobName } from '../../core/jobs.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Services } from '../../core/services.ts';
import { errorResponses, registry, z } from '../openapi/registry.ts';
import { text } from '../text-fields.ts';
import { idOf } from '../params.ts';

const RerunSchema = registry.register('Rerun', z.object({ modelId: text.id().optional() }));
registry.registerPath({ method: 'get', path: '/api/v1/models', responses: { 200: { description: 'id, version, sha256, classes, active' }, ...errorResponses(401) } });
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
        active: m.active,
      })),
    });
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
