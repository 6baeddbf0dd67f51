/**
 * Errors of the inference layer. Both extend AppError, which workers treat as permanent (no retry).
 */
import path from 'node:path';
import { AppError, BadInputError } from '../../core/errors.ts';
import { redactPaths } from '../../core/redact-paths.ts';

/** A model or its manifest is unusable: names the file and what is wrong. */
export class ModelError extends AppError {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(500, 'model_invalid', `model ${file}: ${problem}`, { file, problem });
  }
}

/**
 * The photo cannot be decoded (corrupt, truncated, not an image, too many pixels). The message names the
 * file by its last path segment only (the blob's hash), never the folder it sits in.
 */
export class ImageDecodeError extends BadInputError {
  constructor(what: string, cause: unknown) {
    super('image_unreadable', redactPaths(`cannot decode image ${what.includes('/') || what.includes('\\') ? path.basename(what) : what}: ${cause instanceof Error ? cause.message : String(cause)}`));
  }
}
