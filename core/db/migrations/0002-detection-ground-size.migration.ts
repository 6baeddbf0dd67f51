/**
 * Detections get their size on the ground and the size check's verdict (ground-size.check.ts), so the
 * record shows why a confident box did not become a finding. Nullable: unknown without a pose.
 */
import type { Kysely } from 'kysely';

export const detectionGroundSizeMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('detections').addColumn('ground_long_m', 'double precision').execute();
    await db.schema.alterTable('detections').addColumn('ground_short_m', 'double precision').execute();
    await db.schema.alterTable('detections').addColumn('size_check', 'text').execute();
  },
};
