/** Photos of a mission: the stored original's hash, processing status, pose and footprint. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ImageMeta, ImageStatus, SpectralBand, SuppliedMeta } from '../../domain.ts';
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
  /** Pose values the sender supplied with the photo (a dock's upload event), merged under the file's own. */
  suppliedMeta: SuppliedMeta | null;
  /** The band it was routed by at ingest; null before. */
  band: SpectralBand | null;
  /** Links the photos of one shot (spectral-band.ts shotKey); null where unknown. */
  shotKey: string | null;
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
  suppliedMeta: fromJson<SuppliedMeta>(row.supplied_meta),
  band: row.band === 'thermal' || row.band === 'visible' ? row.band : null,
  shotKey: row.shot_key,
});

export class ImagesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Registers a stored original in a mission. Idempotent on (mission, sha256): the second upload of the
   * same bytes returns the existing row with `duplicate: true`. Bytes already known from another mission
   * (one photo is one photo) are linked: the new row points at the first image (`duplicateOf`), shares
   * its metadata and is not analysed again, so the photo never gives a second finding or sighting.
   */
  async register(input: { missionId: string; sha256: string; filename: string; size: number; contentType: string; suppliedMeta?: SuppliedMeta | null }): Promise<{ image: ImageRecord; duplicate: boolean }> {
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
      supplied_meta: input.suppliedMeta ? toJson(input.suppliedMeta) : null,
      band: null,
      shot_key: null,
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

  /** Records the band the photo was routed by and its shot key (ingest). */
  async setRouting(id: string, band: SpectralBand, shotKey: string | null): Promise<void> {
    await this.db.updateTable('images').set({ band, shot_key: shotKey }).where('id', '=', id).execute();
  }

  /** The other photos of the same shot in the same mission (a _W/_T pair): shown together. */
  async shotMates(image: Pick<ImageRecord, 'id' | 'missionId' | 'shotKey'>): Promise<ImageRecord[]> {
    if (!image.shotKey) return [];
    const rows = await this.db.selectFrom('images').selectAll().where('mission_id', '=', image.missionId).where('shot_key', '=', image.shotKey).where('id', '!=', image.id).orderBy('filename').execute();
    return rows.map(toImage);
  }

  async setFootprint(id: string, footprint: GeoJSON.Polygon | null): Promise<void> {
    await this.db.updateTable('images').set({ footprint: footprint ? toJson(footprint) : null }).where('id', '=', id).execute();
  }

  /**
   * Photos the recovery sweeper should look at: `processing`, `queued` since before `queuedBefore` (an
   * API that crashed between storing and enqueueing), or failed by a worker crash (`error` starting with
   * `crashReasonPrefix`). Their recovery count comes along so the sweeper can stop at its bound.
   */
  async recoveryCandidates(queuedBefore: string, crashReasonPrefix: string): Promise<Array<{ id: string; status: ImageStatus; recoveryAttempts: number }>> {
    const rows = await this.db
      .selectFrom('images')
      .select(['id', 'status', 'recovery_attempts'])
      .where((eb) =>
        eb.or([
          eb('status', '=', 'processing'),
          eb.and([eb('status', '=', 'queued'), eb('created_at', '<', queuedBefore)]),
          eb.and([eb('status', '=', 'failed'), eb('error', 'like', `${crashReasonPrefix}%`)]),
        ]),
      )
      .execute();
    return rows.map((r) => ({ id: r.id, status: r.status as ImageStatus, recoveryAttempts: Number(r.recovery_attempts ?? 0) }));
  }

  /**
   * Claims a photo for one more recovery: back to `queued` with its count raised, only if it is still in
   * `fromStatus` with `seenAttempts` recoveries (so two sweepers, or a job that just finished, never
   * re-enqueue it twice). Returns the new count, or null where someone else moved first.
   */
  async claimForRecovery(id: string, fromStatus: ImageStatus, seenAttempts: number): Promise<number | null> {
    const result = await this.db
      .updateTable('images')
      .set({ status: 'queued', error: null, processed_at: null, recovery_attempts: seenAttempts + 1 })
      .where('id', '=', id)
      .where('status', '=', fromStatus)
      .where('recovery_attempts', '=', seenAttempts)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? seenAttempts + 1 : null;
  }

  /** Marks a photo failed unless it finished meanwhile (a late failure report must not undo a `done`). */
  async failUnlessDone(id: string, reason: string): Promise<boolean> {
    const result = await this.db
      .updateTable('images')
      .set({ status: 'failed', error: reason, processed_at: nowIso() })
      .where('id', '=', id)
      .where('status', '!=', 'done')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Photos of a mission still without a position: a late flight log may place them. */
  async withoutPosition(missionId: string): Promise<ImageRecord[]> {
    // A linked copy of another mission's photo is never analysed itself.
    return (await this.listByMission(missionId)).filter((image) => image.duplicateOf === null && image.meta !== null && (image.meta.lat === null || image.meta.lon === null));
  }
}
