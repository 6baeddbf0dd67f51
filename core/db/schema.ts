/**
 * Table types for Kysely. One schema for SQLite and PostgreSQL: ids are text (UUIDs or stable seed ids),
 * times are ISO-8601 UTC text, JSON is text, booleans are 0/1 integers — so both dialects store and compare
 * the same values and an audit hash computed on one verifies on the other.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  name: string;
  role: string;
  department_id: string | null;
  token_sha256: string;
  created_at: string;
}

export interface DepartmentsTable {
  id: string;
  name: string;
  name_en: string | null;
  district: string | null;
}

export interface DocksTable {
  id: string;
  name: string;
  lat: number | null;
  lon: number | null;
  drone_model: string | null;
}

export interface EnterprisesTable {
  id: string;
  name: string;
  department_id: string | null;
  grid_officer: string | null;
  district: string | null;
  address: string | null;
}

export interface ZonesTable {
  id: string;
  kind: string;
  name: string;
  geometry: string; // GeoJSON geometry (corridors already buffered)
  source_geometry: string | null; // as given (a corridor's line) for display
  properties: string; // JSON
  enterprise_id: string | null;
  department_id: string | null;
  patrol_interval_days: number | null;
  updated_at: string;
}

export interface RulesTable {
  id: string;
  class: string;
  zone_kind: string; // '*' = anywhere
  violation: string;
  severity: string;
  rectification_days: number;
  alert_immediately: number;
  updated_at: string;
}

export interface MissionsTable {
  id: string;
  name: string;
  dock_id: string | null;
  status: string;
  started_at: string | null;
  ended_at: string | null;
  created_by: string | null;
  created_at: string;
  wayline: string | null; // JSON planned route
  flight_checks: string | null; // JSON warnings
}

export interface ImagesTable {
  id: string;
  mission_id: string;
  sha256: string;
  filename: string;
  size: number;
  content_type: string;
  status: string;
  error: string | null;
  meta: string | null; // JSON ImageMeta
  footprint: string | null; // JSON Polygon
  captured_at: string | null;
  created_at: string;
  processed_at: string | null;
  /** The image of another mission with the same bytes, whose analysis this one shares (null: analysed itself). */
  duplicate_of: string | null;
}

export interface FlightLogsTable {
  id: string;
  mission_id: string;
  sha256: string;
  filename: string;
  format: string;
  points: number;
  started_at: string | null;
  ended_at: string | null;
  track: string; // JSON TrackPoint[]
  created_at: string;
}

export interface ModelsTable {
  id: string; // name@version
  name: string;
  version: string;
  sha256: string;
  path: string;
  manifest: string;
  active: number;
  created_at: string;
}

export interface DetectionsTable {
  id: string;
  image_id: string;
  model_id: string;
  model_sha256: string;
  idx: number;
  class: string;
  score: number;
  bbox: string; // JSON [x,y,w,h]
  lat: number | null;
  lon: number | null;
  uncertainty_m: number | null;
  /** Ground size of the box, metres (null without a pose); see ground-size.check.ts. */
  ground_long_m: number | null;
  ground_short_m: number | null;
  /** plausible | too_small | too_large; null where unchecked. */
  size_check: string | null;
  /** Scale the photo was decoded at for detection (1 = full size); null on rows from before it was recorded. */
  decode_scale: number | null;
  created_at: string;
}

export interface FindingsTable {
  id: string;
  detection_id: string;
  image_id: string;
  mission_id: string;
  case_id: string | null;
  class: string;
  score: number;
  severity: string;
  violation: string;
  lat: number | null;
  lon: number | null;
  zones: string; // JSON [{id, kind, name}]
  district: string | null;
  enterprise_id: string | null;
  department_id: string | null;
  model_id: string;
  captured_at: string | null;
  created_at: string;
}

export interface CasesTable {
  id: string;
  class: string;
  status: string;
  severity: string;
  violation: string;
  lat: number | null;
  lon: number | null;
  district: string | null;
  enterprise_id: string | null;
  department_id: string | null;
  assignee: string | null;
  due_at: string | null;
  rectification_days: number;
  sightings: number;
  reopen_count: number;
  model_id: string | null;
  opened_at: string;
  confirmed_at: string | null;
  dismissed_at: string | null;
  closed_at: string | null;
  updated_at: string;
  alerted_at: string | null;
  /** JSON of the lifecycle's own fields (dismissReason, dispatchedAt, rectifiedAt, ...). */
  lifecycle: string;
  /** `DY-<year>-<6 digits>` (core/pipeline/cases/case-number.ts); unique, assigned when the case opens. */
  case_no: string;
}

export interface AuditTable {
  seq: number;
  case_id: string;
  actor_id: string | null;
  actor_role: string;
  at: string;
  action: string;
  note: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

export interface AttachmentsTable {
  id: string;
  case_id: string;
  sha256: string;
  filename: string;
  content_type: string;
  audit_seq: number | null;
  uploaded_by: string | null;
  created_at: string;
}

export interface EventsTable {
  id: Generated<number>;
  type: string;
  payload: string;
  created_at: string;
}

export interface WebhooksTable {
  id: string;
  department_id: string | null; // null = all departments
  min_severity: string;
  url: string;
  format: string; // json | dingtalk | wecom
  secret: string | null;
  created_at: string;
}

/** The last case number drawn in each year (Asia/Shanghai calendar year). */
export interface CaseCountersTable {
  year: number;
  last: number;
}

/** Every decision on a case, keyed by its audit entry; never updated (docs/cases.md). */
export interface CaseDecisionsTable {
  audit_seq: number;
  case_id: string;
  action: string;
  actor_id: string;
  actor_role: string;
  at: string;
  note: string | null;
  /** The case's cycle the decision belongs to: 0 for the first; a reopen is the first decision of the next. */
  cycle: number;
  class: string;
  model_id: string | null;
}

/** Alerts and live events owed by committed changes, sent afterwards by the relay. */
export interface OutboxTable {
  id: string;
  topic: string;
  payload: string;
  created_at: string;
  sent_at: string | null;
}

export interface Database {
  users: UsersTable;
  departments: DepartmentsTable;
  docks: DocksTable;
  enterprises: EnterprisesTable;
  zones: ZonesTable;
  rules: RulesTable;
  missions: MissionsTable;
  images: ImagesTable;
  flight_logs: FlightLogsTable;
  models: ModelsTable;
  detections: DetectionsTable;
  findings: FindingsTable;
  cases: CasesTable;
  audit: AuditTable;
  attachments: AttachmentsTable;
  events: EventsTable;
  webhooks: WebhooksTable;
  case_counters: CaseCountersTable;
  case_decisions: CaseDecisionsTable;
  outbox: OutboxTable;
}
