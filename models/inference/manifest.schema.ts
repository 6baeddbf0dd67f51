/**
 * The model manifest written by the trainer beside each `model.onnx`, validated with zod so a bad key is
 * named at load time.
 */
import { z } from 'zod';
import { GroundSizeRangeSchema } from '../../core/pipeline/camera/ground-size.check.ts';
import { SPECTRAL_BANDS } from '../../core/domain.ts';

export const ManifestClassSchema = z.object({
  id: z.string().min(1),
  zh: z.string().min(1),
  en: z.string().min(1),
});

export const ManifestSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, . _ -'),
    version: z.string().regex(/^[a-z0-9][a-z0-9._+-]*$/i, 'letters, digits, . _ + -'),
    file: z.string().regex(/^[^/\\]+$/, 'a file name beside manifest.json').default('model.onnx'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/i, '64 hex digits'),
    classes: z.array(ManifestClassSchema).min(1),
    input: z.object({
      name: z.string().min(1).default('images'),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
    }),
    output: z.object({ layout: z.enum(['yolov8', 'end2end']) }).loose(),
    /** Minimum score per class id; classes not listed use 0.25 (Ultralytics' default `conf`). */
    thresholds: z.record(z.string(), z.number().min(0).max(1)).default({}),
    nmsIou: z.number().gt(0).max(1).default(0.45),
    /** Plausible ground size per class id, metres; overrides or extends the domain table (ground-size.check.ts). */
    groundSizeM: z.record(z.string(), GroundSizeRangeSchema).optional(),
    /**
     * The sharpest ground resolution the model was trained on, pixels per metre. A photo whose pose says it
     * is sharper is shrunk to it before detection. Absent: photos are always decoded at full size.
     */
    maxPxPerM: z.number().positive().optional(),
    /**
     * false: the model was trained on whole frames (dy-thermal: 640x512-class thermal images at half size),
     * so each photo is shrunk to its input in one pass instead of being cut into tiles. Default true.
     */
    tiling: z.boolean().optional(),
    /** The band of photos the model serves; each band has its own active model. */
    band: z.enum(SPECTRAL_BANDS).default('visible'),
    /**
     * Score calibration fitted after training: scores are `sigmoid(logit(raw) / temperature)` before the
     * thresholds apply (so thresholds are in calibrated units). Absent: scores are used as the model gives them.
     */
    calibration: z.object({ method: z.literal('temperature'), temperature: z.number().positive() }).loose().optional(),
    training: z.record(z.string(), z.unknown()).optional(),
    metrics: z.record(z.string(), z.unknown()).optional(),
  })
  .loose()
  .superRefine((m, ctx) => {
    const ids = m.classes.map((c) => c.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['classes'], message: 'class ids must be unique' });
    for (const key of Object.keys(m.thresholds)) {
      if (!ids.includes(key)) ctx.addIssue({ code: 'custom', path: ['thresholds', key], message: `no class "${key}" in classes` });
    }
    for (const key of Object.keys(m.groundSizeM ?? {})) {
      if (!ids.includes(key)) ctx.addIssue({ code: 'custom', path: ['groundSizeM', key], message: `no class "${key}" in classes` });
    }
  });

export type ModelManifest = z.infer<typeof ManifestSchema>;
export type ManifestClass = z.infer<typeof ManifestClassSchema>;

/** Default minimum score where the manifest gives none for a class. */
export const DEFAULT_MIN_SCORE = 0.25;

/** Per-class minimum scores in class order. */
export function minScores(m: ModelManifest): Float32Array {
  return Float32Array.from(m.classes, (c) => m.thresholds[c.id] ?? DEFAULT_MIN_SCORE);
}
