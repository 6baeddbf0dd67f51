/** Flight logs of a mission, parsed into one track type. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Track, TrackPoint } from '../../domain.ts';
import { nowIso, toJson } from '../json.ts';
import type { Database } from '../schema.ts';

export interface FlightLogRecord {
  id: string;
  missionId: string;
  sha256: string;
  filename: string;
  format: Track['format'];
  points: number;
  startedAt: string | null;
  endedAt: string | null;
}

export class FlightLogsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Idempotent on (mission, sha256). */
  /** `startedAt`/`endedAt` come from anchorTrack (core/pipeline/flightlog/anchor-track.ts); the track is on the UTC clock. */
  async save(input: { missionId: string; sha256: string; filename: string; track: Track; startedAt: string | null; endedAt: string | null }): Promise<{ log: FlightLogRecord; duplicate: boolean }> {
    const existing = await this.db.selectFrom('flight_logs').selectAll().where('mission_id', '=', input.missionId).where('sha256', '=', input.sha256).executeTakeFirst();
    if (existing) return { log: toRecord(existing), duplicate: true };
    const points = input.track.points;
    const row: Database['flight_logs'] = {
      id: randomUUID(),
      mission_id: input.missionId,
      sha256: input.sha256,
      filename: input.filename,
      format: input.track.format,
      points: points.length,
      started_at: input.startedAt,
      ended_at: input.endedAt,
      track: toJson(points),
      created_at: nowIso(),
    };
    await this.db.insertInto('flight_logs').values(row).execute();
    return { log: toRecord(row), duplicate: false };
  }

  async get(id: string): Promise<(FlightLogRecord & { track: Track }) | null> {
    const row = await this.db.selectFrom('flight_logs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...toRecord(row), track: { format: row.format as Track['format'], points: JSON.parse(row.track) as TrackPoint[] } } : null;
  }

  /** All tracks of a mission, oldest first. */
  async tracksOf(missionId: string): Promise<Track[]> {
    const rows = await this.db.selectFrom('flight_logs').select(['format', 'track']).where('mission_id', '=', missionId).orderBy('started_at').execute();
    return rows.map((r) => ({ format: r.format as Track['format'], points: JSON.parse(r.track) as TrackPoint[] }));
  }
}

function toRecord(row: Database['flight_logs']): FlightLogRecord {
  return {
    id: row.id,
    missionId: row.mission_id,
    sha256: row.sha256,
    filename: row.filename,
    format: row.format as Track['format'],
    points: row.points,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}
