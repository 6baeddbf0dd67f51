/**
 * A small pool of worker threads that run detection off the main event loop, so a busy detector never
 * stalls BullMQ lock renewal or HTTP. Each worker loads its own sessions (1 intra-op thread by default);
 * `concurrency` workers run at once; more requests queue.
 */
import type { Worker } from 'node:worker_threads';
import { typescriptWorker } from '../../core/threads/typescript-worker.ts';
import type { Detection } from '../../core/domain.ts';
import { AppError, BadInputError } from '../../core/errors.ts';
import type { DetectOptions } from './detect.stage.ts';
import type { WorkerReply, WorkerRequest } from './detector.protocol.ts';
import { ModelError } from './model.errors.ts';
import type { ModelInfo } from './model-registry.ts';

/** Options of {@link DetectorPool}. */
export interface DetectorPoolOptions {
  /** Worker threads, i.e. photos processed at once (default 1). */
  concurrency?: number;
  /** onnxruntime intra-op threads per worker (default 1). */
  intraOpNumThreads?: number;
}

interface Task {
  req: WorkerRequest;
  transfer: ArrayBuffer[];
  resolve: (d: Detection[]) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

const WORKER_URL = new URL('./detector.worker.ts', import.meta.url);

/** Rebuilds the typed error a worker reported, so callers can tell permanent from transient failures. */
function rehydrate(e: Extract<WorkerReply, { error: unknown }>['error']): Error {
  const details = e.details as { file?: string; problem?: string } | undefined;
  if (e.code === 'model_invalid' && details?.file) return new ModelError(details.file, details.problem ?? e.message);
  if (e.code && e.status && e.status < 500) return Object.assign(new BadInputError(e.code, e.message, e.details, e.status), { name: e.name });
  if (e.code && e.status) return Object.assign(new AppError(e.status, e.code, e.message, e.details), { name: e.name });
  return Object.assign(new Error(e.message), { name: e.name });
}

/** A pool of detector threads. Create once per process; `close()` on shutdown. */
export class DetectorPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private readonly threads: number;

  constructor(opts: DetectorPoolOptions = {}) {
    const n = opts.concurrency ?? 1;
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`concurrency must be a positive integer, got ${n}`);
    this.threads = opts.intraOpNumThreads ?? 1;
    for (let i = 0; i < n; i++) this.slots.push(this.spawn());
  }

  /** Number of worker threads. */
  get size(): number {
    return this.slots.length;
  }

  /**
   * Detects hazards in a photo (file path or bytes; bytes are copied once and transferred) with the model
   * described by `model` (from listModels). Same result and errors as `detect()` in the calling thread.
   */
  detect(model: ModelInfo, image: string | Uint8Array, opts: DetectOptions = {}): Promise<Detection[]> {
    if (this.closed) return Promise.reject(new Error('detector pool is closed'));
    let payload: string | ArrayBuffer;
    const transfer: ArrayBuffer[] = [];
    if (typeof image === 'string') payload = image;
    else {
      payload = image.slice().buffer as ArrayBuffer;
      transfer.push(payload);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, model, image: payload, opts }, transfer, resolve, reject });
      this.pump();
    });
  }

  /** Stops the workers; queued and running requests are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('detector pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = typescriptWorker(WORKER_URL, { workerData: { intraOpNumThreads: this.threads } });
    const slot: Slot = { worker, task: null };
    worker.on('message', (reply: WorkerReply) => {
      const task = slot.task;
      slot.task = null;
      if (task && task.req.id === reply.id) {
        if ('error' in reply) task.reject(rehydrate(reply.error));
        else task.resolve(reply.detections);
      }
      this.pump();
    });
    // A crashed worker (native abort, out of memory) fails its request and is replaced.
    const fail = (err: Error) => {
      slot.task?.reject(err);
      slot.task = null;
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) fail(new Error(`detector worker exited with code ${code}`));
    });
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.task || !this.queue.length) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage(task.req, task.transfer);
    }
  }
}
