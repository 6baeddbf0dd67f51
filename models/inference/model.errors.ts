/**
 * Errors of the inference layer. Both extend AppError, which workers treat as permanent (no retry).
 */
import { AppError, BadInputError } from '../../core/errors.ts';

/** A model or its manifest is unusable: names the file and what is wrong. */
export class ModelError extends AppError {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(500, 'model_invalid', `model ${file}: ${problem}`, { file, problem });
  }
}

/** The photo cannot be decoded (corrupt, truncated, not an image, too many pixels). */
export class ImageDecodeError extends BadInputError {
  constructor(what: string, cause: unknown) {
    super('image_unreadable', `cannot decode image ${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
