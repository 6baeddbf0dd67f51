/** Detector outputs per (image, model): replaced as a whole so a re-run never duplicates. */
import type { Kysely } from 'kysely';
import type { Detection, GroundDetection } from '../../domain.ts';
import type { GroundExtent } from '../../pipeline/camera/ground-extent.ts';
import type { SizeVerdict } from '../../pipeline/camera/ground-size.check.ts';
import { nowIso, toJson } from '../json.ts';
import type { Database } from '../schema.ts';

export interface DetectionRecord extends GroundDetection {
  id: string;
  imageId: string;
  modelId: string;
  modelSha256: string;
  /** Size of the box on the ground, metres; null without a pose. */
  groundSizeM: GroundExtent | null;
  /** The size check's verdict; null where unchecked. A box that fails it is not filed as a finding. */
  sizeCheck: SizeVerdict | null;
  /** Scale the photo was decoded at when the model found this box (1 = full size); null if not recorded. */
  decodeScale: number | null;
}

/** What placement learns about one detection. */
export interface DetectionGround {
  lat: number | null;
  lon: number | null;
  uncertaintyM: number | null;
  groundSizeM?: GroundExtent | null;
  sizeCheck?: SizeVerdict | null;
}

const toRecord = (row: Database['detections']): DetectionRecord => ({
  id: row.id,
  imageId: row.image_id,
  modelId: row.model_id,
  modelSha256: row.model_sha256,
  class: row.class,
  score: row.score,
  bbox: JSON.parse(row.bbox) as Detection['bbox'],
  lat: row.lat,
  lon: row.lon,
  uncertaintyM: row.uncertainty_m,
  groundSizeM: row.ground_long_m !== null && row.ground_short_m !== null ? { longM: row.ground_long_m, shortM: row.ground_short_m } : null,
  sizeCheck: row.size_check as SizeVerdict | null,
  decodeScale: row.decode_scale,
  maxTempC: row.max_temp_c,
});

/** Detection ids are natural keys, so the same detection keeps its id (and its finding) across retries. */
export const detectionId = (imageId: string, modelId: string, idx: number): string => `${imageId}_${modelId}_${idx}`.replace(/:/g, '-');

export class DetectionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces the model's detections of the image; `decodeScale` is the scale the photo was decoded at (default 1). */
  async replaceForImage(imageId: string, model: { id: string; sha256: string }, detections: Detection[], decodeScale = 1): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('detections').where('image_id', '=', imageId).where('model_id', '=', model.id).execute();
      if (detections.length === 0) return;
      await trx
        .insertInto('detections')
        .values(
          detections.map((d, idx) => ({
            id: detectionId(imageId, model.id, idx),
            image_id: imageId,
            model_id: model.id,
            model_sha256: model.sha256,
            idx,
            class: d.class,
            score: d.score,
            bbox: toJson(d.bbox),
            lat: null,
            lon: null,
            uncertainty_m: null,
            ground_long_m: null,
            ground_short_m: null,
            size_check: null,
            decode_scale: decodeScale,
            max_temp_c: d.maxTempC ?? null,
            created_at: nowIso(),
          })),
        )
        .execute();
    });
  }

  async setGround(id: string, ground: DetectionGround): Promise<void> {
    await this.db
      .updateTable('detections')
      .set({
        lat: ground.lat,
        lon: ground.lon,
        uncertainty_m: ground.uncertaintyM,
        ground_long_m: ground.groundSizeM?.longM ?? null,
        ground_short_m: ground.groundSizeM?.shortM ?? null,
        size_check: ground.sizeCheck ?? null,
      })
      .where('id', '=', id)
      .execute();
  }

  async forImage(imageId: string, modelId?: string): Promise<DetectionRecord[]> {
    let query = this.db.selectFrom('detections').selectAll().where('image_id', '=', imageId);
    if (modelId) query = query.where('model_id', '=', modelId);
    return (await query.orderBy('model_id').orderBy('idx').execute()).map(toRecord);
  }

  /** The model most recently run on an image (analysis uses that one). */
  async latestModelFor(imageId: string): Promise<string | null> {
    const row = await this.db.selectFrom('detections').select('model_id').where('image_id', '=', imageId).orderBy('created_at', 'desc').executeTakeFirst();
    return row?.model_id ?? null;
  }
}
