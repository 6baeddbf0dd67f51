/**
 * Images count how often the recovery sweeper re-enqueued them after a crash (workers/recovery.sweeper.ts),
 * so a photo that kills its worker every time is given up on, with a reason, instead of looping for ever.
 */
import type { Kysely } from 'kysely';

export const imageRecoveryMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('images').addColumn('recovery_attempts', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  },
};
