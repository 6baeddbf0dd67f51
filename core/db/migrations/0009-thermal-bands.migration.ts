/**
 * Thermal photos and per-band models (issue 17): each model serves one band (one active model per band);
 * images record the band they were routed by and the key that links the photos of one shot (a _W/_T
 * pair); detections and findings record the hottest temperature in their box where the file carries
 * temperatures (else the finding says why there is none: DJI R-JPEG needs DJI's SDK), and findings their
 * band; a rule can raise its severity above a temperature.
 */
import type { Kysely } from 'kysely';

export const thermalBandsMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Models registered before bands existed are visible-light models (the dy-hazard family): the default.
    await db.schema.alterTable('models').addColumn('band', 'text', (c) => c.notNull().defaultTo('visible')).execute();
    await db.schema.alterTable('images').addColumn('band', 'text').execute();
    await db.schema.alterTable('images').addColumn('shot_key', 'text').execute();
    await db.schema.createIndex('images_shot_key_idx').on('images').columns(['mission_id', 'shot_key']).execute();
    await db.schema.alterTable('detections').addColumn('max_temp_c', 'double precision').execute();
    await db.schema.alterTable('findings').addColumn('band', 'text', (c) => c.notNull().defaultTo('visible')).execute();
    await db.schema.alterTable('findings').addColumn('max_temp_c', 'double precision').execute();
    await db.schema.alterTable('findings').addColumn('temperature_note', 'text').execute();
    await db.schema.alterTable('rules').addColumn('escalate_above_c', 'double precision').execute();
    await db.schema.alterTable('rules').addColumn('escalate_severity', 'text').execute();
  },
};
