/**
 * What makes the case record hold (docs/cases.md):
 * - `case_decisions`: every decision on a case (confirm, dismiss, dispatch, ..., reopen), keyed by its
 *   audit entry, never updated: a reopened case keeps its earlier dismissal for the history and the
 *   false-positive statistics. Existing audit entries are copied in.
 * - `outbox`: the alerts and live events a committed change owes, written in the same transaction as
 *   the change and sent afterwards by the relay (core/events/outbox-relay.ts); `sent_at` marks delivery.
 * - `images.duplicate_of`: a photo whose bytes were already analysed in another mission is linked to
 *   that first image instead of being analysed again.
 */
import type { Kysely } from 'kysely';

interface Tables {
  audit: { seq: number; case_id: string; actor_id: string | null; actor_role: string; at: string; action: string; note: string | null; after: string | null };
  cases: { id: string; class: string; model_id: string | null };
  case_decisions: { audit_seq: number; case_id: string; action: string; actor_id: string; actor_role: string; at: string; note: string | null; cycle: number; class: string; model_id: string | null };
}

/** Actions that are decisions (the system's sightings and openings are not). */
const DECISIONS = ['confirm', 'dismiss', 'dispatch', 'report-rectified', 'verify', 'close', 'reopen'];

export const caseRecordMigration = {
  async up(untyped: Kysely<unknown>): Promise<void> {
    const db = untyped as unknown as Kysely<Tables>;
    await db.schema
      .createTable('case_decisions')
      .addColumn('audit_seq', 'integer', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('actor_role', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('cycle', 'integer', (c) => c.notNull())
      .addColumn('class', 'text', (c) => c.notNull())
      .addColumn('model_id', 'text')
      .execute();
    await db.schema.createIndex('case_decisions_case').on('case_decisions').column('case_id').execute();
    await db.schema.createIndex('case_decisions_action').on('case_decisions').columns(['action', 'model_id']).execute();
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .execute();
    await db.schema.createIndex('outbox_unsent').on('outbox').columns(['sent_at', 'created_at']).execute();
    await db.schema.alterTable('images').addColumn('duplicate_of', 'text').execute();
    await db.schema.createIndex('images_sha256').on('images').column('sha256').execute();

    const entries = await db
      .selectFrom('audit')
      .innerJoin('cases', 'cases.id', 'audit.case_id')
      .select(['audit.seq', 'audit.case_id', 'audit.actor_id', 'audit.actor_role', 'audit.at', 'audit.action', 'audit.note', 'audit.after', 'cases.class', 'cases.model_id'])
      .where('audit.action', 'in', DECISIONS)
      .orderBy('audit.seq')
      .execute();
    for (const e of entries) {
      const after = e.after ? (JSON.parse(e.after) as { reopenCount?: number }) : {};
      await db
        .insertInto('case_decisions')
        .values({ audit_seq: Number(e.seq), case_id: e.case_id, action: e.action, actor_id: e.actor_id ?? '', actor_role: e.actor_role, at: e.at, note: e.note, cycle: Number(after.reopenCount ?? 0), class: e.class, model_id: e.model_id })
        .execute();
    }
  },
};
