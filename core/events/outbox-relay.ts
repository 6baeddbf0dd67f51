/**
 * Sends what the outbox owes, after the change that owes it has committed: live events into the events
 * table (and a Redis announcement), alerts as one webhook job per target. At-least-once: a relay that
 * crashes before marking a row sends it again on its next run, so every copy carries the outbox id:
 * an event is written in the same transaction that claims its row (never twice), a webhook job's id
 * contains the outbox id (a copy still queued is not added again) and the alert body carries it for
 * receivers to drop repeats. Runs after each change and on a timer in the worker (rows left by a crash).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.ts';
import { OutboxRepository, type OutboxRow } from '../db/repositories/outbox.repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks.repository.ts';
import type { Database } from '../db/schema.ts';
import { writeTransaction } from '../db/write-transaction.ts';
import type { EventBus } from './event-bus.ts';
import { JobName } from '../jobs.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Logger } from '../logger.ts';

export class OutboxRelay {
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly webhooks: WebhooksRepository,
    private readonly log: Logger,
  ) {}

  /** Sends every unsent row; returns how many this call sent. Calls while one runs coalesce into one more pass. */
  async drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let sent = 0;
      try {
        do {
          this.again = false;
          for (;;) {
            const rows = await new OutboxRepository(this.db).unsent();
            if (rows.length === 0) break;
            for (const row of rows) sent += (await this.send(row)) ? 1 : 0;
            if (rows.length < 200) break;
          }
        } while (this.again);
      } finally {
        this.running = null;
      }
      return sent;
    })();
    return this.running;
  }

  private async send(row: OutboxRow): Promise<boolean> {
    const at = new Date().toISOString();
    if (row.topic === 'event') {
      const id = await writeTransaction(this.db, this.dialect, async (trx) => {
        if (!(await new OutboxRepository(trx).markSent(row.id, at))) return null;
        return this.events.record(trx, row.payload.type, row.payload.data);
      });
      if (id !== null) await this.events.announce(id).catch((error: unknown) => this.log.warn({ err: error }, 'event announcement failed (the next one carries it)'));
      return id !== null;
    }
    const { caseId, reason, departmentId, severity } = row.payload;
    for (const target of await this.webhooks.targetsFor(departmentId, severity)) {
      await this.jobs.add({ name: JobName.SendWebhook, data: { caseId, webhookId: target.id, reason, alertId: row.id } });
    }
    return new OutboxRepository(this.db).markSent(row.id, at);
  }
}
