/** Photos of a mission: the stored original's hash, processing status, pose and footprint. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ImageMeta, ImageStatus } from '../../domain.ts';
import { fromJson, nowIso, toJson } from '../json.ts';
import type { Database } from '../schema.ts';

export interface ImageRecord {
  id: string;
  missionId: string;
  sha256: string;
  filename: string;
  size: number;
  contentType: string;
  status: ImageStatus;
  error: string | null;
  meta: ImageMeta | null;
  footprint: GeoJSON.Polygon | null;
  capturedAt: string | null;
  createdAt: string;
  processedAt: string | null;
  /** The image of an earlier mission with the same bytes, whose analysis this one shares (null: analysed itself). */
  duplicateOf: string | null;
}

type Row = Database['images'];
const toImage = (row: Row): ImageRecord => ({
  id: row.id,
  missionId: row.mission_id,
  sha256: row.sha256,
  filename: row.filename,
  size: Number(row.size),
  contentType: row.content_type,
  status: row.status as ImageStatus,
  error: row.error,
  meta: fromJson<ImageMeta>(row.meta),
  footprint: fromJson<GeoJSON.Polygon>(row.footprint),
  capturedAt: row.captured_at,
  createdAt: row.created_at,
  processedAt: row.processed_at,
  duplicateOf: row.duplicate_of ?? null,
});

export class ImagesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Registers a stored original in a mission. Idempotent on (mission, sha256): the second upload of the
   * same bytes returns the existing row with `duplicate: true`. Bytes already known from another mission
   * (one photo is one photo) are linked: the new row points at the first image (`duplicateOf`), shares
   * its metadata and is not analysed again, so the photo never gives a second finding or sighting.
   */
  async register(input: { missionId: string; sha256: string; filename: string; size: number; contentType: string }): Promise<{ image: ImageRecord; duplicate: boolean }> {
    const existing = await this.bySha(input.missionId, input.sha256);
    if (existing) return { image: existing, duplicate: true };
    const first = await this.firstWithSha(input.sha256);
    const row: Row = {
      id: randomUUID(),
      mission_id: input.missionId,
      sha256: input.sha256,
      filename: input.filename,
      size: input.size,
      content_type: input.contentType,
      status: first ? 'done' : 'queued',
      error: null,
      meta: first?.meta ? toJson(first.meta) : null,
      footprint: first?.footprint ? toJson(first.footprint) : null,
      captured_at: first?.capturedAt ?? null,
      created_at: nowIso(),
      processed_at: first ? nowIso() : null,
      duplicate_of: first?.id ?? null,
    };
    const inserted = await this.db.insertInto('images').values(row).onConflict((oc) => oc.columns(['mission_id', 'sha256']).doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      // A concurrent upload of the same bytes won the race.
      return { image: (await this.bySha(input.missionId, input.sha256))!, duplicate: true };
    }
    return { image: toImage(row), duplicate: false };
  }

  /** The image these bytes were first analysed as, in any mission (never a linked copy). */
  async firstWithSha(sha256: string): Promise<ImageRecord | null> {
    const row = await this.db.selectFrom('images').selectAll().where('sha256', '=', sha256).where('duplicate_of', 'is', null).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
    return row ? toImage(row) : null;
  }

  async bySha(missionId: string, sha256: string): Promise<ImageRecord | null> {
    const row = await this.db.selectFrom('images').selectAll().where('mission_id', '=', missionId).where('sha256', '=', sha256).executeTakeFirst();
    return row ? toImage(row) : null;
  }

  async get(id: string): Promise<ImageRecord | null> {
    const row = await this.db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toImage(row) : null;
  }

  async listByMission(missionId: string): Promise<ImageRecord[]> {
    const rows = await this.db.selectFrom('images').selectAll().where('mission_id', '=', missionId).orderBy('created_at').orderBy('filename').execute();
    return rows.map(toImage);
  }

  async listByIds(ids: string[]): Promise<ImageRecord[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom('images').selectAll().where('id', 'in', ids).execute()).map(toImage);
  }

  /** Footprints of photos taken in a time window (coverage and patrol verification). */
  /** When the latest photo with a footprint was taken (null before any): where coverage has something to show. */
  async latestFootprintAt(): Promise<string | null> {
    const row = await this.db.selectFrom('images').select((eb) => eb.fn.max('captured_at').as('at')).where('footprint', 'is not', null).executeTakeFirst();
    return (row?.at as string | null | undefined) ?? null;
  }

  async footprintsBetween(from: string, to: string): Promise<Array<{ id: string; footprint: GeoJSON.Polygon; capturedAt: string }>> {
    const rows = await this.db
      .selectFrom('images')
      .select(['id', 'footprint', 'captured_at'])
      .where('footprint', 'is not', null)
      .where('captured_at', '>=', from)
      .where('captured_at', '<', to)
      .execute();
    return rows.map((r) => ({ id: r.id, footprint: JSON.parse(r.footprint!) as GeoJSON.Polygon, capturedAt: r.captured_at! }));
  }

  async setStatus(id: string, status: ImageStatus, error: string | null = null, at = nowIso()): Promise<void> {
    await this.db
      .updateTable('images')
      .set({ status, error, processed_at: status === 'done' || status === 'failed' ? at : null })
      .where('id', '=', id)
      .execute();
  }

  async setMeta(id: string, meta: ImageMeta): Promise<void> {
    await this.db.updateTable('images').set({ meta: toJson(meta), captured_at: meta.capturedAt }).where('id', '=', id).execute();
  }

  async setFootprint(id: string, footprint: GeoJSON.Polygon | null): Promise<void> {
    await this.db.updateTable('images').set({ footprint: footprint ? toJson(footprint) : null }).where('id', '=', id).execute();
  }

  /** Photos of a mission still without a position: a late flight log may place them. */
  async withoutPosition(missionId: string): Promise<ImageRecord[]> {
    // A linked copy of another mission's photo is never analysed itself.
    return (await this.listByMission(missionId)).filter((image) => image.duplicateOf === null && image.meta !== null && (image.meta.lat === null || image.meta.lon === null));
  }
}
