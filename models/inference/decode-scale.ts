/**
 * The fraction of a photo's size the detector decodes it at. A model trained up to `maxPxPerM` pixels per
 * metre of ground (its manifest says so) sees a sharper photo, a low pass under 30 m, at a scale it never
 * learned; shrinking the photo to the model's resolution first shows it hazards at sizes it knows, and
 * spends fewer tiles. Never enlarges: a coarse photo stays as it is.
 */

/**
 * The most a photo is shrunk: 4x. A pose claiming a photo far sharper than any patrol photo is more likely
 * a wrong relative altitude (a take-off point well above the photo point: a Mini 2 photo of a tree crown
 * says 0.7 m up) than a flight a few metres over the ground, and a wrong pose must not reduce a photo to a
 * thumbnail.
 */
export const MIN_DECODE_SCALE = 0.25;

/** `maxPxPerM / photoPxPerM` when the photo is sharper than the model's maximum (at least MIN_DECODE_SCALE), else 1. */
export function decodeScale(maxPxPerM: number | undefined, photoPxPerM: number | null | undefined): number {
  if (maxPxPerM === undefined || photoPxPerM === null || photoPxPerM === undefined) return 1;
  if (!(Number.isFinite(photoPxPerM) && photoPxPerM > maxPxPerM)) return 1;
  return Math.max(MIN_DECODE_SCALE, maxPxPerM / photoPxPerM);
}
