/**
 * Docks as the bridge knows them: found by the serial number they announce (or by their aircraft's),
 * with online state, last message, live position and current HMS alerts; and the media files each dock
 * reported, so a repeated report is recognised. Admin CRUD of docks and keys lives elsewhere.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { HmsAlert } from '../../pipeline/dock/hms-list.ts';
import { fromJson, toJson } from '../json.ts';
import type { Database } from '../schema.ts';

export interface DockRecord {
  id: string;
  name: string;
  serial: string | null;
  lat: number | null;
  lon: number | null;
  online: boolean;
  lastSeenAt: string | null;
  positionAt: string | null;
  aircraftSn: string | null;
  hms: HmsAlert[];
}

type Row = Database['docks'];
const toDock = (r: Row): DockRecord => ({
  id: r.id,
  name: r.name,
  serial: r.serial,
  lat: r.lat,
  lon: r.lon,
  online: r.online === 1,
  lastSeenAt: r.last_seen_at,
  positionAt: r.position_at,
  aircraftSn: r.aircraft_sn,
  hms: fromJson<HmsAlert[]>(r.hms) ?? [],
});

export class DocksRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Registers a dock by serial number (idempotent on the serial). Its keys are dock accounts' tokens,
   * made by admins (POST /api/v1/docks/{id}/keys).
   */
  async register(input: { serial: string; name?: string; lat?: number | null; lon?: number | null }): Promise<DockRecord> {
    const existing = await this.bySerial(input.serial);
    if (existing) return existing;
    const row = { id: randomUUID(), name: input.name ?? `Dock ${input.serial}`, serial: input.serial, lat: input.lat ?? null, lon: input.lon ?? null, online: 0 };
    await this.db.insertInto('docks').values(row).execute();
    return (await this.bySerial(input.serial))!;
  }

  async get(id: string): Promise<DockRecord | null> {
    const row = await this.db.selectFrom('docks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDock(row) : null;
  }

  async bySerial(serial: string): Promise<DockRecord | null> {
    const row = await this.db.selectFrom('docks').selectAll().where('serial', '=', serial).executeTakeFirst();
    return row ? toDock(row) : null;
  }

  /** The dock whose aircraft has this serial (an aircraft's OSD comes on its own topic). */
  async byAircraftSerial(serial: string): Promise<DockRecord | null> {
    const row = await this.db.selectFrom('docks').selectAll().where('aircraft_sn', '=', serial).executeTakeFirst();
    return row ? toDock(row) : null;
  }

  async list(): Promise<DockRecord[]> {
    return (await this.db.selectFrom('docks').selectAll().orderBy('name').execute()).map(toDock);
  }

  /** Any message from the dock: it is online and was seen now (never moved back in time). */
  async markSeen(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('docks')
      .set({ online: 1, last_seen_at: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', at)]))
      .execute();
  }

  async setAircraft(id: string, aircraftSn: string | null): Promise<void> {
    await this.db.updateTable('docks').set({ aircraft_sn: aircraftSn }).where('id', '=', id).execute();
  }

  /** Docks silent since `before` are shown offline (DJI sends no "gateway offline" message). */
  async markSilentOffline(before: string): Promise<number> {
    const result = await this.db.updateTable('docks').set({ online: 0 }).where('online', '=', 1).where('last_seen_at', '<', before).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async setPosition(id: string, lat: number, lon: number, at: string): Promise<void> {
    await this.db
      .updateTable('docks')
      .set({ lat, lon, position_at: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('position_at', 'is', null), eb('position_at', '<', at)]))
      .execute();
  }

  /** Replaces the dock's HMS list unless a newer report was already stored; true when it changed. */
  async setHms(id: string, alerts: HmsAlert[], eventMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('docks')
      .set({ hms: toJson(alerts), hms_at_ms: eventMs })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('hms_at_ms', 'is', null), eb('hms_at_ms', '<', eventMs)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The image a reported media file became, when it was already taken in. */
  async mediaImage(dockId: string, objectKey: string): Promise<string | null> {
    const row = await this.db.selectFrom('dock_media').select('image_id').where('dock_id', '=', dockId).where('object_key', '=', objectKey).executeTakeFirst();
    return row?.image_id ?? null;
  }

  async recordMedia(input: { dockId: string; objectKey: string; flightId: string; imageId: string; sha256: string; tid: string | null; bid: string | null }): Promise<void> {
    const values = { dock_id: input.dockId, object_key: input.objectKey, flight_id: input.flightId, image_id: input.imageId, sha256: input.sha256, tid: input.tid, bid: input.bid };
    await this.db.insertInto('dock_media').values(values).onConflict((oc) => oc.columns(['dock_id', 'object_key']).doNothing()).execute();
  }
}
