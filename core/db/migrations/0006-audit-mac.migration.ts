/**
 * Audit entries carry a MAC of their hash under the audit key (core/pipeline/audit/audit-mac.ts), so the
 * chain cannot be rewritten by someone who can write the database but not read the key. Entries from
 * before this column have none, and verification names them.
 */
import type { Kysely } from 'kysely';

export const auditMacMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('audit').addColumn('mac', 'text').execute();
  },
};
