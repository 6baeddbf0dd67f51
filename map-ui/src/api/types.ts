/**
 * The shapes of the API replies the UI reads (see shared/docs/API.md plus the additions the server
 * makes for the UI). Only the fields the UI uses are typed; everything else passes through untouched.
 */
import type { CaseAction, CaseStatus, HazardClass, ImageMeta, ImageStatus, MissionStatus, Role, Severity, ZoneKind } from '../../../core/domain.ts';

export type { CaseAction, CaseStatus, HazardClass, ImageStatus, MissionStatus, Role, Severity, ZoneKind };

export interface Me {
  id: string;
  name: string;
  role: Role;
  departmentId: string | null;
  /** True after an admin set a one-time password: the UI shows only the password change. */
  mustChangePassword?: boolean;
}

export interface UiConfig {
  basemap: { url: string; attribution: string; subdomains?: string | string[]; gcj02: boolean; maxZoom: number };
  offline: boolean;
  /** Tianditu key (TIANDITU_KEY) for the basemap switch; absent where none is configured. */
  tiandituKey?: string;
  defaultCenter: [lat: number, lon: number];
  defaultZoom: number;
}

export interface FindingProps {
  id: string;
  caseId: string | null;
  class: HazardClass | string;
  score: number;
  severity: Severity;
  violation: string;
  zones: string[];
  enterpriseId: string | null;
  departmentId: string | null;
  imageId: string;
  capturedAt: string | null;
  /** The case's status (the server calls it caseStatus; older replies said status). */
  caseStatus?: CaseStatus | null;
  /** The case's number and severity (the case's severity can exceed one sighting's). */
  caseNo?: string | null;
  caseSeverity?: Severity | null;
  status?: CaseStatus;
  district?: string | null;
  modelVersion?: string;
  missionId?: string;
  band?: 'visible' | 'thermal';
  /** Hottest temperature in the box, °C, where the photo carries temperatures. */
  maxTempC?: number | null;
  /** Why a thermal finding has no temperature (DJI R-JPEG needs DJI's SDK). */
  temperatureNote?: string | null;
}

export interface PointFeature<P> {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: P;
}

export interface FindingCollection {
  type: 'FeatureCollection';
  features: PointFeature<FindingProps>[];
}

export interface ZoneProps {
  id: string;
  kind: ZoneKind;
  name: string;
  [key: string]: unknown;
}

export interface ZoneCollection {
  type: 'FeatureCollection';
  features: GeoJSON.Feature<GeoJSON.Geometry, ZoneProps>[];
}

export interface CaseSummary {
  id: string;
  /** DY-2026-000123; absent on servers from before case numbers. */
  caseNo?: string;
  class: string;
  status: CaseStatus;
  severity: Severity;
  violation: string;
  lat: number;
  lon: number;
  district: string | null;
  enterpriseId: string | null;
  departmentId: string | null;
  assignee: string | null;
  dueAt: string | null;
  overdue: boolean;
  allowedActions: CaseAction[];
  openedAt?: string;
  updatedAt?: string;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: string;
  /** The account's name, where the actor is a person the platform knows. */
  actorName?: string | null;
  role: string;
  action: string;
  note: string | null;
  from: string | null;
  to: string | null;
  attachments?: { id: string; filename: string }[];
}

export interface FindingDetail {
  id: string;
  class: string;
  score: number;
  severity: Severity;
  imageId: string;
  capturedAt: string | null;
  lat: number | null;
  lon: number | null;
  modelVersion?: string;
  modelId?: string;
  enterpriseId?: string | null;
  departmentId?: string | null;
  band?: 'visible' | 'thermal';
  maxTempC?: number | null;
  temperatureNote?: string | null;
}

export interface ImageDetail {
  id: string;
  missionId?: string;
  filename?: string;
  sha256?: string;
  status: ImageStatus;
  error?: string;
  meta: Partial<ImageMeta> | null;
  footprint?: GeoJSON.Polygon | null;
  band?: 'visible' | 'thermal' | null;
  /** The other photos of the same shot (a _W/_T pair). */
  shot?: { id: string; filename: string; band: 'visible' | 'thermal' | null }[];
  detections?: { class: string; score: number; bbox: [number, number, number, number]; lat: number | null; lon: number | null; groundSizeM?: { longM: number; shortM: number } | null; sizeCheck?: 'plausible' | 'too_small' | 'too_large' | null; modelVersion: string }[];
}

export interface Attachment {
  id: string;
  filename: string;
  sha256?: string;
  /** The history entry (action) the photo belongs to; null until an action claims it. */
  auditSeq: number | null;
}

export interface CaseDetail {
  case: CaseSummary;
  enterprise?: { id: string; name: string; departmentId?: string | null } | null;
  findings: FindingDetail[];
  images: ImageDetail[];
  attachments?: Attachment[];
  history: HistoryEntry[];
}

export interface Mission {
  id: string;
  name: string;
  status: MissionStatus;
  dockId?: string | null;
  startedAt?: string | null;
  createdAt?: string;
  counts?: { images: number; processed: number; failed: number; findings: number };
  track?: GeoJSON.LineString | null;
  flightChecks?: { kind?: string; code?: string; message: string; at?: string; t?: number; lat?: number; lon?: number; zone?: { id: string; name: string } }[];
  wayline?: { waypoints?: { lat: number; lon: number }[] } | null;
  deviation?: { points: number; maxM: number; p95M: number; meanM: number; at: { lat: number; lon: number } } | null;
  /** A dock flight task: its DJI status, progress and the photos it said it took. */
  flight?: { flightId: string; status: string | null; percent: number | null; expectedMedia: number | null } | null;
}
/** A dock as the bridge sees it (GET /dock-status). */
export interface DockStatus {
  id: string;
  name: string;
  serial: string | null;
  online: boolean;
  lastSeenAt: string | null;
  lat: number | null;
  lon: number | null;
  aircraftSn: string | null;
  hms: { code: string; level: number; inTheSky: boolean; imminent: boolean }[];
}

export interface MissionImage {
  id: string;
  filename: string;
  status: ImageStatus;
  error?: string;
  meta: Partial<ImageMeta> | null;
  footprint?: GeoJSON.Polygon | null;
}

export interface StatsGroup {
  key: string;
  new: number;
  confirmed: number;
  dismissed: number;
  closed: number;
  open: number;
  overdue: number;
  medianHoursToClose: number | null;
}

export interface FalsePositiveRow {
  class: string;
  modelVersion: string;
  dismissed: number;
  decided: number;
  /** Dismissed / decided; null before any decision (the server's name for it). */
  falsePositiveRate: number | null;
}

export interface CoverageRow {
  zoneId: string;
  zoneName: string;
  intervalStart: string;
  intervalEnd: string;
  coveredShare: number;
}
