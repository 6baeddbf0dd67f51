/** Missions (架次) and their processing progress. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MissionStatus } from '../../domain.ts';
import { fromJson, nowIso, toJson } from '../json.ts';
import type { Database } from '../schema.ts';

export interface Mission {
  id: string;
  name: string;
  dockId: string | null;
  status: MissionStatus;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
  createdBy: string | null;
  wayline: unknown;
  flightChecks: unknown;
}

export interface MissionCounts {
  images: number;
  queued: number;
  processing: number;
  processed: number;
  failed: number;
  findings: number;
}

type Row = Database['missions'];
const toMission = (row: Row): Mission => ({
  id: row.id,
  name: row.name,
  dockId: row.dock_id,
  status: row.status as MissionStatus,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  createdAt: row.created_at,
  createdBy: row.created_by,
  wayline: fromJson(row.wayline),
  flightChecks: fromJson(row.flight_checks),
});

export class MissionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: { name: string; dockId?: string | null; startedAt?: string | null; createdBy?: string | null }): Promise<Mission> {
    const row: Row = {
      id: randomUUID(),
      name: input.name,
      dock_id: input.dockId ?? null,
      status: 'receiving',
      started_at: input.startedAt ?? null,
      ended_at: null,
      created_by: input.createdBy ?? null,
      created_at: nowIso(),
      wayline: null,
      flight_checks: null,
    };
    await this.db.insertInto('missions').values(row).execute();
    return toMission(row);
  }

  async get(id: string): Promise<Mission | null> {
    const row = await this.db.selectFrom('missions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toMission(row) : null;
  }

  async list(limit = 200): Promise<Mission[]> {
    const rows = await this.db.selectFrom('missions').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map(toMission);
  }

  async setWayline(id: string, wayline: unknown): Promise<void> {
    await this.db.updateTable('missions').set({ wayline: toJson(wayline) }).where('id', '=', id).execute();
  }

  async setFlightChecks(id: string, checks: unknown): Promise<void> {
    await this.db.updateTable('missions').set({ flight_checks: toJson(checks) }).where('id', '=', id).execute();
  }

  async counts(id: string): Promise<MissionCounts> {
    const rows = await this.db
      .selectFrom('images')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('mission_id', '=', id)
      .groupBy('status')
      .execute();
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const findings = await this.db
      .selectFrom('findings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('mission_id', '=', id)
      .executeTakeFirstOrThrow();
    const images = rows.reduce((sum, r) => sum + Number(r.n), 0);
    return {
      images,
      queued: by.queued ?? 0,
      processing: by.processing ?? 0,
      processed: by.done ?? 0,
      failed: by.failed ?? 0,
      findings: Number(findings.n),
    };
  }

  /** Derives the mission status from its images: done when none is waiting, processing otherwise; a log-only mission is done. */
  async refreshStatus(id: string): Promise<Mission | null> {
    const counts = await this.counts(id);
    const pending = counts.queued + counts.processing;
    // A mission flown for its log alone (a check flight, photos kept elsewhere) is done once the log is in.
    const logs = counts.images === 0 ? Number((await this.db.selectFrom('flight_logs').select((eb) => eb.fn.countAll().as('n')).where('mission_id', '=', id).executeTakeFirst())?.n ?? 0) : 0;
    const status: MissionStatus =
      counts.images === 0 ? (logs > 0 ? 'done' : 'receiving') : pending > 0 ? 'processing' : counts.failed === counts.images ? 'failed' : 'done';
    await this.db.updateTable('missions').set({ status }).where('id', '=', id).execute();
    return this.get(id);
  }
}
