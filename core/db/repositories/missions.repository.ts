/** Missions (架次) and their processing progress. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MissionStatus } from '../../domain.ts';
import { missionStatusOf } from '../../pipeline/dock/mission-status.ts';
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
  /** The dock flight task this mission is (null for missions created by hand). */
  flight: MissionFlight | null;
}

export interface MissionFlight {
  flightId: string;
  status: string | null;
  percent: number | null;
  /** Photos the flight says it took (flighttask_progress media_count); null until it says. */
  expectedMedia: number | null;
  eventMs: number | null;
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
  flight: row.flight_id
    ? { flightId: row.flight_id, status: row.flight_status, percent: row.flight_percent, expectedMedia: row.expected_media, eventMs: row.flight_event_ms === null ? null : Number(row.flight_event_ms) }
    : null,
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
      flight_id: null,
      flight_status: null,
      flight_percent: null,
      flight_event_ms: null,
      expected_media: null,
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

  /**
   * The mission of a dock's flight, created on first mention. The unique (dock_id, flight_id) index makes
   * a race between two messages of the same flight end in one mission.
   */
  async forDockFlight(input: { dockId: string; flightId: string; name: string }): Promise<Mission> {
    const find = () => this.db.selectFrom('missions').selectAll().where('dock_id', '=', input.dockId).where('flight_id', '=', input.flightId).executeTakeFirst();
    const existing = await find();
    if (existing) return toMission(existing);
    const row: Row = {
      id: randomUUID(),
      name: input.name,
      dock_id: input.dockId,
      status: 'receiving',
      started_at: null,
      ended_at: null,
      created_by: null,
      created_at: nowIso(),
      wayline: null,
      flight_checks: null,
      flight_id: input.flightId,
      flight_status: null,
      flight_percent: null,
      flight_event_ms: null,
      expected_media: null,
    };
    await this.db.insertInto('missions').values(row).onConflict((oc) => oc.columns(['dock_id', 'flight_id']).doNothing()).execute();
    return toMission((await find())!);
  }

  /** Records a flight task report; `expectedMedia` only ever set, never cleared by a report without it. */
  async setFlightProgress(id: string, p: { status: string; percent: number | null; expectedMedia: number | null; eventMs: number; startedAt?: string; endedAt?: string }): Promise<void> {
    await this.db
      .updateTable('missions')
      .set((eb) => ({
        flight_status: p.status,
        flight_percent: p.percent ?? eb.ref('flight_percent'),
        expected_media: p.expectedMedia ?? eb.ref('expected_media'),
        flight_event_ms: p.eventMs,
        started_at: eb.fn.coalesce('started_at', eb.val(p.startedAt ?? null)),
        ...(p.endedAt ? { ended_at: p.endedAt } : {}),
      }))
      .where('id', '=', id)
      .execute();
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

  /** Derives the mission status from its images, its flight logs and, for a dock flight, the flight task (mission-status.ts). */
  async refreshStatus(id: string): Promise<Mission | null> {
    const counts = await this.counts(id);
    const mission = await this.get(id);
    const flightLogs = counts.images === 0 ? Number((await this.db.selectFrom('flight_logs').select((eb) => eb.fn.countAll().as('n')).where('mission_id', '=', id).executeTakeFirst())?.n ?? 0) : 0;
    const status: MissionStatus = missionStatusOf({ ...counts, flightLogs }, mission?.flight ?? null);
    await this.db.updateTable('missions').set({ status }).where('id', '=', id).execute();
    return this.get(id);
  }
}
