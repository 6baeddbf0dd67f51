/** The JSON of a dock for operators: online state (seen within DOCK_OFFLINE_AFTER_S), position, HMS alerts. */
import type { DockRecord } from '../../core/db/repositories/docks.repository.ts';

export function dockView(dock: DockRecord, offlineAfterS: number, now = Date.now()) {
  // DJI announces no gateway going offline: silence is the only sign (DJI-CLOUD-API.md §5).
  const recent = dock.lastSeenAt !== null && now - Date.parse(dock.lastSeenAt) <= offlineAfterS * 1000;
  return {
    id: dock.id,
    name: dock.name,
    serial: dock.serial,
    online: dock.online && recent,
    lastSeenAt: dock.lastSeenAt,
    lat: dock.lat,
    lon: dock.lon,
    positionAt: dock.positionAt,
    aircraftSn: dock.aircraftSn,
    hms: dock.hms,
  };
}
