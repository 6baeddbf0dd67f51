/**
 * Is a detection the size its class can be? A detector trained on synthetic scenes is sure of itself on
 * real things it never saw: a 1 m crate read as an excavator from 20 m up, a 40 m roof read as a tanker.
 * Once a photo's pose gives the box a size in metres, a box no such object could have is not filed as a
 * finding (the detection itself is kept, with its size and the verdict, for the record).
 *
 * Ranges are for the LONG side of the box on the ground (an axis-aligned box of a vehicle seen at an
 * angle is longer than the vehicle) and, where it helps, a minimum SHORT side. They are wide on purpose:
 * only what cannot be the thing is held back. A margin (default x1.25 either way) absorbs the scale
 * error of a barometric height (a few metres) and loose boxes.
 */
import { z } from 'zod';
import type { Detection } from '../../domain.ts';
import type { Camera } from './camera.model.ts';
import { groundExtentM, type GroundExtent } from './ground-extent.ts';

/** Plausible ground size of one class, metres (the shape a model manifest's `groundSizeM` entries take). */
export const GroundSizeRangeSchema = z
  .object({
    minLongM: z.number().nonnegative(),
    maxLongM: z.number().positive(),
    minShortM: z.number().nonnegative().optional(),
  })
  .refine((r) => r.minLongM < r.maxLongM, { message: 'minLongM must be below maxLongM' });
export type GroundSizeRange = z.infer<typeof GroundSizeRangeSchema>;

/** The six hazard classes of the domain. A model's manifest may add or override classes (`groundSizeM`). */
export const HAZARD_GROUND_SIZE_M: Readonly<Record<string, GroundSizeRange>> = {
  // a burning drum or pallet stack up to a tank-farm fire
  fire: { minLongM: 0.3, maxLongM: 500 },
  // a smouldering heap up to a drifting plume
  smoke: { minLongM: 0.5, maxLongM: 3000 },
  // 施工机械: mini excavators (about 3.5 m with the arm) up to crawler cranes and pile drivers
  excavator: { minLongM: 2.5, maxLongM: 30, minShortM: 1.2 },
  // a drip under a valve up to a pipeline rupture
  oil_spill: { minLongM: 0.3, maxLongM: 2000 },
  // a shed over a yard corner up to a warehouse-sized illegal structure
  steel_shed: { minLongM: 3, maxLongM: 400, minShortM: 2 },
  // a rigid tanker (about 8 m x 2.5 m) up to a semitrailer (18 m), seen diagonally
  tanker_truck: { minLongM: 6, maxLongM: 25, minShortM: 1.8 },
};

export type SizeVerdict = 'plausible' | 'too_small' | 'too_large';

/** True for a verdict that keeps a detection from becoming a finding. */
export const holdsBack = (verdict: string | null | undefined): boolean => verdict === 'too_small' || verdict === 'too_large';

export interface SizeCheckOptions {
  /** Ranges by class id (default {@link HAZARD_GROUND_SIZE_M}). */
  ranges?: Readonly<Record<string, GroundSizeRange>>;
  /** Scale tolerance, >= 1: sizes within [min / margin, max * margin] pass (default 1.25). */
  margin?: number;
}

/** The verdict for one box, or null where nothing is known (no size, or a class without a range). */
export function checkGroundSize(cls: string, extent: GroundExtent | null, opts: SizeCheckOptions = {}): SizeVerdict | null {
  const range = (opts.ranges ?? HAZARD_GROUND_SIZE_M)[cls];
  if (!extent || !range) return null;
  const margin = opts.margin ?? 1.25;
  if (extent.longM > range.maxLongM * margin) return 'too_large';
  if (extent.longM < range.minLongM / margin) return 'too_small';
  if (range.minShortM !== undefined && extent.shortM < range.minShortM / margin) return 'too_small';
  return 'plausible';
}

/** A detection's size on the ground and the verdict for it; both null without a camera (no pose). */
export function checkDetectionSize(
  camera: Camera | null,
  det: Pick<Detection, 'class' | 'bbox'>,
  ranges: Readonly<Record<string, GroundSizeRange>>,
): { groundSizeM: GroundExtent | null; sizeCheck: SizeVerdict | null } {
  const groundSizeM = camera ? groundExtentM(camera, det.bbox) : null;
  return { groundSizeM, sizeCheck: checkGroundSize(det.class, groundSizeM, { ranges }) };
}

/**
 * The ranges for a model: the domain table, with the model's own `groundSizeM` (classes it adds or
 * sizes differently) on top. A manifest without the key, or with a malformed one, gets the table.
 */
export function groundSizeRangesFor(manifest: { groundSizeM?: unknown } | null | undefined): Readonly<Record<string, GroundSizeRange>> {
  const own = z.record(z.string(), GroundSizeRangeSchema).safeParse(manifest?.groundSizeM ?? {});
  return own.success ? { ...HAZARD_GROUND_SIZE_M, ...own.data } : HAZARD_GROUND_SIZE_M;
}
