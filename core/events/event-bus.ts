/**
 * Live events (finding.created, case.updated, mission.updated). Each event is written to the events
 * table (so a browser reconnecting with Last-Event-ID gets what it missed) and announced on a Redis
 * channel (so the API process that holds the browser hears events made by workers elsewhere).
 */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/json.ts';
import type { Database } from '../db/schema.ts';

export type EventType = 'finding.created' | 'case.updated' | 'mission.updated';
export interface StoredEvent {
  id: number;
  type: EventType;
  data: unknown;
  createdAt: string;
}

export class EventBus {
  private readonly local = new EventEmitter();
  private subscriber: Redis | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly publisher: Redis,
    private readonly channel: string,
  ) {
    this.local.setMaxListeners(0);
  }

  /** Records and announces an event; returns its id. */
  async publish(type: EventType, data: unknown): Promise<number> {
    const row = await this.db
      .insertInto('events')
      .values({ type, payload: JSON.stringify(data), created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.publisher.publish(this.channel, String(row.id));
    return Number(row.id);
  }

  /** Writes an event through the given database handle (a transaction's), without announcing it yet. */
  async record(db: Kysely<Database>, type: EventType, data: unknown): Promise<number> {
    const row = await db.insertInto('events').values({ type, payload: JSON.stringify(data), created_at: nowIso() }).returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Tells listening API processes that events up to this id exist (a lost announcement is made up by the next). */
  async announce(id: number): Promise<void> {
    await this.publisher.publish(this.channel, String(id));
  }

  /** Events after `afterId`, oldest first (replay for Last-Event-ID). */
  async since(afterId: number, limit = 500): Promise<StoredEvent[]> {
    const rows = await this.db.selectFrom('events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: Number(r.id), type: r.type as EventType, data: JSON.parse(r.payload), createdAt: r.created_at }));
  }

  async lastId(): Promise<number> {
    const row = await this.db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  /** Starts listening on Redis (API side). Listeners get every event id announced anywhere. */
  async listen(subscriber: Redis): Promise<void> {
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, id: string) => {
      if (channel === this.channel) this.local.emit('event', Number(id));
    });
    await subscriber.subscribe(this.channel);
  }

  onEvent(listener: (id: number) => void): () => void {
    this.local.on('event', listener);
    return () => this.local.off('event', listener);
  }

  async close(): Promise<void> {
    if (this.subscriber) await this.subscriber.quit().catch(() => undefined);
  }
}
