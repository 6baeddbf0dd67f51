/** Webhook targets per department and minimum severity. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SEVERITIES, type Severity } from '../../domain.ts';
import { nowIso } from '../json.ts';
import type { Database } from '../schema.ts';

export interface Webhook {
  id: string;
  departmentId: string | null;
  minSeverity: Severity;
  url: string;
  format: 'json' | 'dingtalk' | 'wecom';
  secret: string | null;
}

const toWebhook = (r: Database['webhooks']): Webhook => ({
  id: r.id,
  departmentId: r.department_id,
  minSeverity: r.min_severity as Severity,
  url: r.url,
  format: r.format as Webhook['format'],
  secret: r.secret,
});

export class WebhooksRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: Omit<Webhook, 'id'>): Promise<Webhook> {
    const id = randomUUID();
    await this.db
      .insertInto('webhooks')
      .values({ id, department_id: input.departmentId, min_severity: input.minSeverity, url: input.url, format: input.format, secret: input.secret, created_at: nowIso() })
      .execute();
    return { id, ...input };
  }

  async list(): Promise<Webhook[]> {
    return (await this.db.selectFrom('webhooks').selectAll().orderBy('created_at').execute()).map(toWebhook);
  }

  async get(id: string): Promise<Webhook | null> {
    const row = await this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toWebhook(row) : null;
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Targets that want an alert of this severity for this department. */
  async targetsFor(departmentId: string | null, severity: string): Promise<Webhook[]> {
    const rank = SEVERITIES.indexOf(severity as Severity);
    return (await this.list()).filter(
      (w) => (w.departmentId === null || w.departmentId === departmentId) && SEVERITIES.indexOf(w.minSeverity) <= rank,
    );
  }
}
