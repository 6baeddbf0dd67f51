/**
 * A media file a dock (or FlightHub) reports in the bucket becomes a photo of the mission of its flight:
 * read from storage, then the same acceptPhoto path as an HTTP upload. The event's pose is kept beside
 * it and merged under the photo's own XMP at ingest. A file already taken in is a repeat and changes
 * nothing; files that are not photos (PPK .obs/.mrk/.nav, RTCM .dat) are acknowledged and left alone.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../../core/errors.ts';
import type { DockRecord } from '../../core/db/repositories/docks.repository.ts';
import type { MediaEvent } from '../../core/pipeline/dock/media-event.ts';
import type { Services } from '../../core/services.ts';
import { BlobTooLargeError } from '../../core/storage/blob-store.ts';
import { openObject } from '../../core/storage/s3-client.ts';
import { acceptPhoto } from '../upload/accept-photo.ts';
import { missionView } from '../views/mission.view.ts';

export interface DockBucket {
  client: S3Client;
  bucket: string;
}

export type MediaOutcome =
  | { kind: 'taken'; missionId: string; imageId: string; duplicate: boolean }
  | { kind: 'repeat'; imageId: string }
  | { kind: 'not_a_photo' }
  | { kind: 'refused'; reason: string }
  | { kind: 'missing' };

const PHOTO_NAME = /\.(jpe?g|png|tiff?|webp)$/i;

export async function receiveDockMedia(
  s: Services,
  bucket: DockBucket,
  input: { dock: DockRecord; event: MediaEvent; allowedPrefix: string; tid: string | null; bid: string | null },
): Promise<MediaOutcome> {
  const { dock, event } = input;
  // A dock only hands in what sits under its own prefix: another dock's objects never enter its missions.
  if (!event.objectKey.startsWith(input.allowedPrefix)) return { kind: 'refused', reason: `object ${event.objectKey} is outside the prefix ${input.allowedPrefix}` };
  if (!PHOTO_NAME.test(event.objectKey) && !PHOTO_NAME.test(event.name)) return { kind: 'not_a_photo' };
  const known = await s.docks.mediaImage(dock.id, event.objectKey);
  if (known) return { kind: 'repeat', imageId: known };

  const object = await openObject(bucket.client, bucket.bucket, event.objectKey);
  if (!object) return { kind: 'missing' };
  if (object.size > s.config.MAX_UPLOAD_BYTES) {
    object.body.destroy();
    return { kind: 'refused', reason: `object is ${object.size} bytes, over MAX_UPLOAD_BYTES` };
  }
  const mission = await s.missions.forDockFlight({ dockId: dock.id, flightId: event.flightId, name: `${dock.name} · ${event.flightId}` });
  let accepted;
  try {
    const staged = await s.blobs.stage(object.body, { maxBytes: s.config.MAX_UPLOAD_BYTES });
    accepted = await acceptPhoto(s, { missionId: mission.id, staged, filename: event.name, suppliedMeta: event.supplied });
  } catch (error) {
    if (error instanceof BlobTooLargeError || error instanceof AppError) return { kind: 'refused', reason: error.message };
    throw error;
  }
  await s.docks.recordMedia({ dockId: dock.id, objectKey: event.objectKey, flightId: event.flightId, imageId: accepted.image.id, sha256: accepted.image.sha256, tid: input.tid, bid: input.bid });
  const updated = await s.missions.refreshStatus(mission.id);
  if (updated) await s.events.publish('mission.updated', await missionView(s, updated, { track: false }));
  return { kind: 'taken', missionId: mission.id, imageId: accepted.image.id, duplicate: accepted.duplicate };
}
