/**
 * Merges pose values a sender reported beside a photo (a dock's upload event) into what the photo's own
 * metadata says. The file wins wherever it has a value: the XMP is written by the aircraft at the moment
 * of capture, the event by the dock afterwards. A position is one value (latitude with longitude): a
 * photo with only half of one has none, and the event's whole position is taken, never a mix.
 */
import type { ImageMeta, SuppliedMeta } from '../../domain.ts';

const pick = (own: number | null, supplied: number | null | undefined): number | null => own ?? (isFiniteNumber(supplied) ? supplied : null);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function mergeSuppliedMeta(fromFile: ImageMeta, supplied: SuppliedMeta | null | undefined): ImageMeta {
  if (!supplied) return fromFile;
  const merged: ImageMeta = {
    ...fromFile,
    absAlt: pick(fromFile.absAlt, supplied.absAlt),
    relAlt: pick(fromFile.relAlt, supplied.relAlt),
    gimbalYaw: pick(fromFile.gimbalYaw, supplied.gimbalYaw),
  };
  const fileHasPosition = fromFile.lat !== null && fromFile.lon !== null;
  if (!fileHasPosition && isFiniteNumber(supplied.lat) && isFiniteNumber(supplied.lon) && !(supplied.lat === 0 && supplied.lon === 0)) {
    merged.lat = supplied.lat;
    merged.lon = supplied.lon;
    merged.positionSource = 'dock-event';
  }
  if (fromFile.capturedAt === null && supplied.capturedAt) {
    merged.capturedAt = supplied.capturedAt;
    merged.timeIsUtc = true;
  }
  return merged;
}
