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
  /** The first token's hash until 0005; since then tokens live in api_tokens and this column is unused. */
  token_sha256: string;
  created_at: string;
  /** scrypt$N$r$p$salt$hash (see core/auth/password.ts); null: no password, tokens only. */
  password_hash: string | null;
  /** 1 after an admin set a one-time password: every request but a password change is refused. */
  must_change_password: Generated<number>;
  disabled_at: string | null;
  /** Dock accounts: the one dock whose missions they may upload to. */
  dock_id: string | null;
}

export interface SessionsTable {
  id_sha256: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  ended_at: string | null;
  ip: string | null;
  user_agent: string | null;
  /** The bearer token the session was opened with, if any: revoking it ends the session. */
  token_id: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_sha256: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
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
  /** Gateway serial number the dock announces itself with over MQTT (0007). */
  serial: string | null;
  online: number | null;
  last_seen_at: string | null;
  aircraft_sn: string | null;
  position_at: string | null;
  /** JSON: the dock's current HMS list (each report replaces the last). */
  hms: string | null;
  hms_at_ms: number | null;
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
  /** Above this temperature (°C, hottest in the box) the finding gets `escalate_severity` instead. */
  escalate_above_c: number | null;
  escalate_severity: string | null;
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
  /** A dock flight task (0007): the DJI flight_id, its task status and progress, the photos it said it took. */
  flight_id: string | null;
  flight_status: string | null;
  flight_percent: number | null;
  flight_event_ms: number | null;
  expected_media: number | null;
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
  /** Times the recovery sweeper re-enqueued it after a crash (0008); defaults to 0. */
  recovery_attempts?: number;
  /** The image of another mission with the same bytes, whose analysis this one shares (null: analysed itself). */
  duplicate_of: string | null;
  /** JSON: pose values the sender supplied (a dock's upload event); the file's own metadata wins (0007). */
  supplied_meta: string | null;
  /** visible | thermal, as routed at ingest; null before. */
  band: string | null;
  /** Links the photos of one shot (a DJI _W/_T pair, or same time and place); null where unknown. */
  shot_key: string | null;
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
  /** visible | thermal: the band of photos it serves (one active model per band). */
  band: string;
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
  /** Hottest temperature inside the box, °C, where the file carries temperatures. */
  max_temp_c: number | null;
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
  band: string;
  /** Hottest temperature inside the box, °C, where the file carries temperatures. */
  max_temp_c: number | null;
  /** Why a thermal finding has no temperature (DJI R-JPEG needs DJI's SDK; no radiometric data). */
  temperature_note: string | null;
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
  /** HMAC of `hash` under the audit key (migration 0006). */
  mac: string | null;
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
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  case_decisions: CaseDecisionsTable;
  outbox: OutboxTable;
  dock_media: DockMediaTable;
}

/** One media file a dock reported (file_upload_callback), so a repeat changes nothing (0007). */
export interface DockMediaTable {
  dock_id: string;
  object_key: string;
  flight_id: string;
  image_id: string | null;
  sha256: string | null;
  tid: string | null;
  bid: string | null;
  created_at: Generated<string>;
}
