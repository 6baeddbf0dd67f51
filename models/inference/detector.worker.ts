/**
 * Worker-thread side of the detector pool: loads models inside the worker (one session per model per
 * worker) and answers detect requests, so inference never blocks the main event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DetectOptions } from './detect.stage.ts';
import { detect } from './detect.stage.ts';
import { loadModel, type LoadedModel, type ModelInfo } from './model-registry.ts';
import type { WorkerReply, WorkerRequest } from './detector.protocol.ts';

const { intraOpNumThreads } = workerData as { intraOpNumThreads: number };
const models = new Map<string, Promise<LoadedModel>>();

function model(info: ModelInfo): Promise<LoadedModel> {
  const key = `${info.file}|${info.sha256}`;
  let m = models.get(key);
  if (!m) {
    m = loadModel(info, { intraOpNumThreads });
    models.set(key, m);
    m.catch(() => models.delete(key));
  }
  return m;
}

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  try {
    const input = typeof req.image === 'string' ? req.image : new Uint8Array(req.image);
    const detections = await detect(await model(req.model), input, req.opts as DetectOptions);
    return { id: req.id, detections };
  } catch (e) {
    const err = e as Error & { status?: number; code?: string; details?: unknown };
    return { id: req.id, error: { name: err.name, message: err.message, status: err.status, code: err.code, details: err.details } };
  }
}

parentPort!.on('message', (req: WorkerRequest) => {
  void handle(req).then((reply) => parentPort!.postMessage(reply));
});
