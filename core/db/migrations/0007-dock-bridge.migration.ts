/**
 * What the dock bridge keeps: each dock's serial number, its online state, last message,
 * live position and current HMS list; a mission's dock flight (flight_id, task status, expected photo
 * count); metadata a sender supplied with a photo (merged under the file's own at ingest); and one row per
 * media file a dock reported, so a repeated report changes nothing.
 */
import { sql, type Kysely } from 'kysely';

export const dockBridgeMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const docks = [
      ['serial', 'text'],
      ['online', 'integer'],
      ['last_seen_at', 'text'],
      ['aircraft_sn', 'text'],
      ['position_at', 'text'],
      ['hms', 'text'],
      ['hms_at_ms', 'bigint'],
    ] as const;
    for (const [name, type] of docks) await db.schema.alterTable('docks').addColumn(name, type).execute();
    await db.schema.createIndex('docks_serial').unique().on('docks').column('serial').execute();

    const missions = [
      ['flight_id', 'text'],
      ['flight_status', 'text'],
      ['flight_percent', 'integer'],
      ['flight_event_ms', 'bigint'],
      ['expected_media', 'integer'],
    ] as const;
    for (const [name, type] of missions) await db.schema.alterTable('missions').addColumn(name, type).execute();
    await db.schema.createIndex('missions_dock_flight').unique().on('missions').columns(['dock_id', 'flight_id']).execute();

    await db.schema.alterTable('images').addColumn('supplied_meta', 'text').execute();

    await db.schema
      .createTable('dock_media')
      .addColumn('dock_id', 'text', (c) => c.notNull())
      .addColumn('object_key', 'text', (c) => c.notNull())
      .addColumn('flight_id', 'text', (c) => c.notNull())
      .addColumn('image_id', 'text')
      .addColumn('sha256', 'text')
      .addColumn('tid', 'text')
      .addColumn('bid', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
      .addPrimaryKeyConstraint('dock_media_pk', ['dock_id', 'object_key'])
      .execute();
  },
};
