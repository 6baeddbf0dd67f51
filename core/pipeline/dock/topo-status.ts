/**
 * `update_topo` on sys/product/{sn}/status (DJI-CLOUD-API.md §5): the dock is online and says which
 * aircraft is attached; an empty sub_devices list means the aircraft is offline.
 */
import { bagOf, text } from './dji-values.ts';

export interface Topology {
  aircraftSn: string | null;
}

export function parseTopology(data: unknown): Topology {
  const subs = bagOf(data).sub_devices;
  const first = Array.isArray(subs) ? bagOf(subs[0]) : {};
  return { aircraftSn: text(first.sn, 64) };
}
