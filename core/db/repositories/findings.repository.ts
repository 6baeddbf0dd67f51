/** Findings: detections that a rule flagged, placed on the ground, with the zones and bodies they fall to. */
import type { Kysely } from 'kysely';
import { nowIso, toJson } from '../json.ts';
import type { Database } from '../schema.ts';

export interface ZoneRef {
  id: string;
  kind: string;
  name: string;
}

export interface Finding {
  id: string;
  detectionId: string;
  imageId: string;
  missionId: string;
  caseId: string | null;
  class: string;
  score: number;
  severity: string;
  violation: string;
  lat: number | null;
  lon: number | null;
  zones: ZoneRef[];
  district: string | null;
  enterpriseId: string | null;
  departmentId: string | null;
  modelId: string;
  capturedAt: string | null;
  createdAt: string;
}

export interface FindingFilter {
  bbox?: [number, number, number, number];
  class?: string;
  severity?: string;
  status?: string; // the case's status
  district?: string;
  departmentId?: string;
  since?: string;
  until?: string;
  limit?: number;
}

type Row = Database['findings'];
const toFinding = (row: Row): Finding => ({
  id: row.id,
  detectionId: row.detection_id,
  imageId: row.image_id,
  missionId: row.mission_id,
  caseId: row.case_id,
  class: row.class,
  score: row.score,
  severity: row.severity,
  violation: row.violation,
  lat: row.lat,
  lon: row.lon,
  zones: JSON.parse(row.zones) as ZoneRef[],
  district: row.district,
  enterpriseId: row.enterprise_id,
  departmentId: row.department_id,
  modelId: row.model_id,
  capturedAt: row.captured_at,
  createdAt: row.created_at,
});

export class FindingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Writes a finding keyed by its detection (its id is the detection's), so re-analysis updates in place.
   * Returns whether it is new (only new findings announce themselves and join cases).
   */
  async upsert(f: Omit<Finding, 'createdAt' | 'caseId'> & { caseId?: string | null }, now = nowIso()): Promise<{ finding: Finding; created: boolean }> {
    const existing = await this.get(f.id);
    const row: Row = {
      id: f.id,
      detection_id: f.detectionId,
      image_id: f.imageId,
      mission_id: f.missionId,
      case_id: existing?.caseId ?? f.caseId ?? null,
      class: f.class,
      score: f.score,
      severity: f.severity,
      violation: f.violation,
      lat: f.lat,
      lon: f.lon,
      zones: toJson(f.zones),
      district: f.district,
      enterprise_id: f.enterpriseId,
      department_id: f.departmentId,
      model_id: f.modelId,
      captured_at: f.capturedAt,
      created_at: existing?.createdAt ?? now,
    };
    const { id: _id, detection_id: _d, case_id: _c, created_at: _ca, ...update } = row;
    await this.db.insertInto('findings').values(row).onConflict((oc) => oc.column('id').doUpdateSet(update)).execute();
    return { finding: toFinding(row), created: !existing };
  }

  async get(id: string): Promise<Finding | null> {
    const row = await this.db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toFinding(row) : null;
  }

  async setCase(id: string, caseId: string): Promise<void> {
    await this.db.updateTable('findings').set({ case_id: caseId }).where('id', '=', id).execute();
  }

  /** Findings of an image whose detections no longer exist (a re-run found less): removed. */
  async removeForImageExcept(imageId: string, keepIds: string[]): Promise<string[]> {
    let query = this.db.selectFrom('findings').select('id').where('image_id', '=', imageId);
    if (keepIds.length) query = query.where('id', 'not in', keepIds);
    const stale = (await query.execute()).map((r) => r.id);
    if (stale.length) await this.db.deleteFrom('findings').where('id', 'in', stale).execute();
    return stale;
  }

  async forCase(caseId: string): Promise<Finding[]> {
    return (await this.db.selectFrom('findings').selectAll().where('case_id', '=', caseId).orderBy('captured_at').execute()).map(toFinding);
  }

  async forImage(imageId: string): Promise<Finding[]> {
    return (await this.db.selectFrom('findings').selectAll().where('image_id', '=', imageId).execute()).map(toFinding);
  }

  /** Findings matching a filter; the bbox uses the (lon, lat) index so map panning stays cheap. */
  async search(filter: FindingFilter): Promise<Array<Finding & { caseStatus: string | null; caseNo: string | null; caseSeverity: string | null }>> {
    let query = this.db
      .selectFrom('findings')
      .leftJoin('cases', 'cases.id', 'findings.case_id')
      .selectAll('findings')
      .select(['cases.status as case_status', 'cases.case_no as case_no', 'cases.severity as case_severity']);
    if (filter.bbox) {
      const [minLon, minLat, maxLon, maxLat] = filter.bbox;
      query = query.where('findings.lon', '>=', minLon).where('findings.lon', '<=', maxLon).where('findings.lat', '>=', minLat).where('findings.lat', '<=', maxLat);
    }
    if (filter.class) query = query.where('findings.class', '=', filter.class);
    if (filter.severity) query = query.where('findings.severity', '=', filter.severity);
    if (filter.status) query = query.where('cases.status', '=', filter.status);
    if (filter.district) query = query.where('findings.district', '=', filter.district);
    if (filter.departmentId) query = query.where('findings.department_id', '=', filter.departmentId);
    if (filter.since) query = query.where('findings.captured_at', '>=', filter.since);
    if (filter.until) query = query.where('findings.captured_at', '<', filter.until);
    const rows = await query.orderBy('findings.created_at', 'desc').limit(filter.limit ?? 20_000).execute();
    return rows.map((row) => ({ ...toFinding(row), caseStatus: row.case_status, caseNo: row.case_no, caseSeverity: row.case_severity }));
  }
}
