/**
 * How big a detection box is on the ground: the distances between the ground points of the midpoints of
 * its opposite edges, on the same flat (or hooked) ground that placement uses. A box of an object seen
 * obliquely also measures a little of the object's height; the size check's margin covers that.
 */
import type { Detection } from '../../domain.ts';
import type { Camera } from './camera.model.ts';
import { pixelToGround, type ProjectOptions } from './ground.projection.ts';

/** The ground size of a box, metres: its longer and its shorter side. */
export interface GroundExtent {
  longM: number;
  shortM: number;
}

/** The ground size of `bbox` ([x, y, w, h] in pixels), or null when an edge's ray misses the ground. */
export function groundExtentM(cam: Camera, bbox: Detection['bbox'], opts: ProjectOptions = {}): GroundExtent | null {
  const [x, y, w, h] = bbox;
  const left = pixelToGround(cam, x, y + h / 2, opts);
  const right = pixelToGround(cam, x + w, y + h / 2, opts);
  const top = pixelToGround(cam, x + w / 2, y, opts);
  const bottom = pixelToGround(cam, x + w / 2, y + h, opts);
  if (!left || !right || !top || !bottom) return null;
  const across = Math.hypot(right.east - left.east, right.north - left.north);
  const along = Math.hypot(bottom.east - top.east, bottom.north - top.north);
  return { longM: Math.max(across, along), shortM: Math.min(across, along) };
}
