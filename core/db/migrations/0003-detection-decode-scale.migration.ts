/**
 * Detections record the scale the photo was decoded at when the model found them (1 = full size; below 1
 * where the photo, sharper than the model was trained on, was shrunk to its resolution first), so the
 * evidence says exactly what the model saw. Null on rows from before this column.
 */
import type { Kysely } from 'kysely';

export const detectionDecodeScaleMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('detections').addColumn('decode_scale', 'double precision').execute();
  },
};
