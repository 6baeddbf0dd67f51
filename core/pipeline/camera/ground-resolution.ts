/**
 * How sharp a photo is on the ground: pixels per metre where the optical axis meets it. A detector
 * trained on a range of ground resolutions sees a photo sharper than that range as objects bigger and
 * more detailed than any it learned, and is then sure of itself on things it never saw (crates as
 * excavators from 20 m up); the detect stage shrinks such a photo to the model's resolution.
 */
import type { ImageMeta } from '../../domain.ts';
import { cameraFromMeta, type Camera } from './camera.model.ts';
import { pixelToGround, type ProjectOptions } from './ground.projection.ts';

/**
 * Pixels per metre at the photo's centre (focal length in pixels over the range to the ground), or null
 * when the centre ray misses the ground (camera at or above the horizon).
 */
export function centrePixelsPerMetre(cam: Camera, opts: ProjectOptions = {}): number | null {
  const { fx, cx, cy } = cam.intrinsics;
  const hit = pixelToGround(cam, cx, cy, opts);
  return hit && hit.rangeM > 0 ? fx / hit.rangeM : null;
}

/** Pixels per metre at the centre of a photo from its own pose, or null when the pose is incomplete. */
export function photoPixelsPerMetre(meta: ImageMeta): number | null {
  const { camera } = cameraFromMeta(meta);
  return camera ? centrePixelsPerMetre(camera) : null;
}
