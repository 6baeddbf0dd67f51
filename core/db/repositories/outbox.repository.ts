/**
 * The outbox: alerts and live events a committed change owes, written in the change's own transaction
 * (so a crash can neither lose them nor send them for a change that rolled back) and sent afterwards by
 * the relay (core/events/outbox-relay.ts). Ids are derived from what caused the row, so a retried change
 * writes the same ids and a row is never owed twice.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export type OutboxMessage =
  | { topic: 'event'; payload: { type: 'finding.created' | 'case.updated'; data: unknown } }
  | { topic: 'alert'; payload: { caseId: string; reason: string; departmentId: string | null; severity: string } };

export type OutboxRow = OutboxMessage & { id: string; createdAt: string; sentAt: string | null };

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(id: string, message: OutboxMessage, createdAt: string): Promise<void> {
    await this.db.insertInto('outbox').values({ id, topic: message.topic, payload: JSON.stringify(message.payload), created_at: createdAt, sent_at: null }).execute();
  }

  /** Rows not yet sent, oldest first. */
  async unsent(limit = 200): Promise<OutboxRow[]> {
    const rows = await this.db.selectFrom('outbox').selectAll().where('sent_at', 'is', null).orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, topic: r.topic, payload: JSON.parse(r.payload), createdAt: r.created_at, sentAt: r.sent_at }) as OutboxRow);
  }

  /** Claims a row as sent; false when another relay got there first (the row is then not sent twice). */
  async markSent(id: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('outbox').set({ sent_at: at }).where('id', '=', id).where('sent_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
