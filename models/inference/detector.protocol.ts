/** Messages between the detector pool and its worker threads (structured-clone plain data). */
import type { Detection } from '../../core/domain.ts';
import type { DetectOptions } from './detect.stage.ts';
import type { ModelInfo } from './model-registry.ts';

export interface WorkerRequest {
  id: number;
  model: ModelInfo;
  /** A file path, or the photo's bytes (transferred, not copied). */
  image: string | ArrayBuffer;
  opts: DetectOptions;
}

export type WorkerReply =
  | { id: number; detections: Detection[] }
  | { id: number; error: { name: string; message: string; status?: number; code?: string; details?: unknown } };
