/**
 * The position in a dock's OSD (DJI-CLOUD-API.md §6). OSD arrives as several partial messages, so a
 * message without a position is normal and changes nothing.
 */
import { bagOf, num } from './dji-values.ts';

export function osdPosition(data: unknown): { lat: number; lon: number } | null {
  const d = bagOf(data);
  const lat = num(d.latitude);
  const lon = num(d.longitude);
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return null;
  return { lat, lon };
}
