/**
 * The `hms` event (DJI-CLOUD-API.md §4): the dock's full list of health alerts; a code missing from the
 * next list has cleared. Levels 0/1/2 are notice/reminder/warning; in_the_sky says whether the aircraft
 * was flying (the message text differs).
 */
import { bagOf, int, text } from './dji-values.ts';

export interface HmsAlert {
  code: string;
  level: number;
  module: number | null;
  inTheSky: boolean;
  imminent: boolean;
  deviceType: string | null;
}

const MAX_ALERTS = 50;

export function parseHmsList(data: unknown): HmsAlert[] | { error: string } {
  const list = bagOf(data).list;
  if (!Array.isArray(list)) return { error: 'data.list is not a list' };
  const alerts: HmsAlert[] = [];
  for (const raw of list.slice(0, MAX_ALERTS)) {
    const item = bagOf(raw);
    const code = text(item.code, 32);
    const level = int(item.level);
    if (!code || level === null) continue;
    alerts.push({ code, level, module: int(item.module), inTheSky: int(item.in_the_sky) === 1 || item.in_the_sky === true, imminent: int(item.imminent) === 1 || item.imminent === true, deviceType: text(item.device_type, 32) });
  }
  return alerts;
}
