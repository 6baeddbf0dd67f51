/**
 * Zones and rules as plain data. A zone is a GeoJSON Feature (WGS84) whose geometry has been normalised to
 * Polygon or MultiPolygon (pipeline corridors buffered, circles drawn) by `validateZones`, so it can be
 * served to the map as is.
 */
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { Severity, ZoneKind } from '../../domain.ts';

export interface ZoneProperties {
  /** Same as the feature's id. */
  id: string;
  kind: ZoneKind;
  name: string;
  /** The district zone this zone lies in (informative; placement uses geometry). */
  districtId?: string | null;
  /**
   * The responsible department: for an enterprise parcel its supervising department, for a district its
   * default department, for other zones the body that manages them.
   */
  departmentId?: string | null;
  /** For `enterprise` parcels: the enterprise. */
  enterpriseId?: string | null;
  /** Zones that must be patrolled: the interval in days (coverage is computed per interval). */
  patrolIntervalDays?: number | null;
  /** For `pipeline-corridor` given as a line: the buffer half-width in metres. */
  bufferM?: number | null;
  /** For a corridor: the original line, kept for drawing. */
  centerline?: LineString | MultiLineString | null;
  [key: string]: unknown;
}

export type ZoneGeometry = Polygon | MultiPolygon;

/** A validated zone. */
export type Zone = Feature<ZoneGeometry, ZoneProperties> & { id: string };

/** A reference to a zone, as findings carry it. */
export interface ZoneRef {
  id: string;
  kind: ZoneKind;
  name: string;
}

/** Hazard class x zone kind ('*' = anywhere, inside a zone or not) -> what it means. */
export interface Rule {
  id: string;
  class: string;
  zoneKind: ZoneKind | '*';
  /** What the violation is, for people (Chinese first, as the officers read it). */
  violation: string;
  severity: Severity;
  rectificationDays: number;
  alertImmediately: boolean;
  /** Above this temperature (°C, the hottest in a thermal box) the finding is filed at `escalateSeverity`. */
  escalateAboveC?: number | null;
  escalateSeverity?: Severity | null;
}
