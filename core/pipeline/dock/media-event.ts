/**
 * A dock's `file_upload_callback` (DJI-CLOUD-API.md §2): which object it put in the bucket, for which
 * flight, and the pose it reports beside it. Both `create_time` (Dock 1/2/3 pages) and `created_time`
 * (older page, Pilot, the Java demo) are read; numbers may come as strings.
 */
import type { SuppliedMeta } from '../../domain.ts';
import { bagOf, dockTime, int, num, text } from './dji-values.ts';

export interface MediaEvent {
  objectKey: string;
  name: string;
  flightId: string;
  supplied: SuppliedMeta;
  /** flight_task.expected_file_count where the dock sends it (older pages). */
  expectedFiles: number | null;
  isOriginal: boolean | null;
}

export type MediaEventResult = { ok: true; event: MediaEvent } | { ok: false; detail: string };

const OBJECT_KEY = /^[^\0\r\n]{1,1024}$/;

export function parseMediaEvent(data: unknown, utcOffsetMin: number): MediaEventResult {
  const file = bagOf(bagOf(data).file);
  const objectKey = typeof file.object_key === 'string' ? file.object_key : null;
  if (!objectKey || !OBJECT_KEY.test(objectKey) || objectKey.split('/').includes('..')) return { ok: false, detail: 'data.file.object_key is missing or not a plain key' };
  const ext = bagOf(file.ext);
  const flightId = text(ext.flight_id, 128);
  if (!flightId) return { ok: false, detail: 'data.file.ext.flight_id is missing' };
  const metadata = bagOf(file.metadata);
  const position = bagOf(metadata.shoot_position);
  const lat = num(position.lat);
  const lon = num(position.lng);
  const validPosition = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);
  const supplied: SuppliedMeta = {
    capturedAt: dockTime(metadata.create_time ?? metadata.created_time, utcOffsetMin),
    lat: validPosition ? lat : null,
    lon: validPosition ? lon : null,
    absAlt: num(metadata.absolute_altitude),
    relAlt: num(metadata.relative_altitude),
    gimbalYaw: num(metadata.gimbal_yaw_degree),
  };
  const name = text(file.name, 255) ?? objectKey.split('/').pop()!;
  const flightTask = bagOf(bagOf(data).flight_task);
  const isOriginal = typeof ext.is_original === 'boolean' ? ext.is_original : null;
  return { ok: true, event: { objectKey, name, flightId, supplied, expectedFiles: int(flightTask.expected_file_count), isOriginal } };
}
