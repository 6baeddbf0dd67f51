/**
 * The shapes every layer shares: plain data, no behaviour. Pipeline stages take and return these;
 * repositories store them; routes serialise them. Words follow ../shared/docs/DOMAIN.md.
 */

/** Hazard classes of the default model, in model output order. */
export const HAZARD_CLASSES = ['fire', 'smoke', 'excavator', 'oil_spill', 'steel_shed', 'tanker_truck'] as const;
export type HazardClass = (typeof HAZARD_CLASSES)[number];

export const ZONE_KINDS = ['district', 'chemical-park', 'pipeline-corridor', 'enterprise', 'no-fly', 'no-build', 'key-site'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ROLES = ['operator', 'officer', 'manager', 'admin', 'dock'] as const;
export type Role = (typeof ROLES)[number];

export const CASE_STATUSES = ['new', 'confirmed', 'dismissed', 'dispatched', 'rectified', 'verified', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = ['confirm', 'dismiss', 'dispatch', 'report-rectified', 'verify', 'close', 'reopen'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type ImageStatus = 'queued' | 'processing' | 'done' | 'failed';
export type MissionStatus = 'receiving' | 'processing' | 'done' | 'failed';

/** Where an image's position came from. */
export type PositionSource = 'exif' | 'xmp' | 'flight-log' | 'none';

/**
 * A photo's pose and camera as read from its file (or completed from a flight log).
 * Angles in degrees; altitudes in metres. Missing values are null, never guessed.
 */
export interface ImageMeta {
  capturedAt: string | null; // ISO-8601 UTC
  lat: number | null;
  lon: number | null;
  absAlt: number | null; // above the ellipsoid / sea level as the file says
  relAlt: number | null; // above the take-off point
  gimbalPitch: number | null; // -90 = straight down
  gimbalYaw: number | null; // degrees from north, clockwise
  gimbalRoll: number | null;
  flightYaw: number | null;
  flightPitch: number | null;
  flightRoll: number | null;
  make: string | null;
  model: string | null;
  width: number | null;
  height: number | null;
  focalLength: number | null; // mm
  focal35: number | null; // 35 mm equivalent, mm
  /** Laser rangefinder target where the drone has one (M4TD/M30T): where the image centre hits the ground. */
  lrfTarget: { lat: number; lon: number; absAlt: number | null; distance: number | null } | null;
  /** True when capturedAt is a UTC instant (from a timestamp with a known offset, or after the assumed offset was applied). */
  timeIsUtc: boolean;
  /** Set when the file's clock had no zone and PHOTO_UTC_OFFSET_MIN was assumed (minutes east of UTC). */
  timeOffsetAssumedMin?: number | null;
  positionSource: PositionSource;
}

/** One sample of a flight log. Times are epoch milliseconds (UTC). */
export interface TrackPoint {
  t: number;
  lat: number;
  lon: number;
  absAlt: number | null;
  relAlt: number | null;
  heading: number | null;
  gimbalPitch: number | null;
  gimbalYaw: number | null;
}

export type FlightLogFormat = 'airdata-csv' | 'dji-csv' | 'gpx' | 'kml' | 'dji-srt' | 'px4-ulog';

/**
 * What a track's `t` means. 'utc' (the default when absent): epoch ms UTC. 'local': the aircraft's
 * zone-less local wall clock written as if it were UTC (DJI SRT date lines). 'relative': ms from the
 * start of the log, no absolute time known (DJI SRT without dates, DJI csv without a dated file name,
 * PX4 ULog without GPS time). 'none': the log has no times at all (a KML LineString); `t` is the sample
 * index. Only 'utc' and 'local' tracks can position photos by time.
 */
export type TrackTimeBase = 'utc' | 'local' | 'relative' | 'none';

export interface Track {
  format: FlightLogFormat;
  points: TrackPoint[];
  /** Absent means 'utc'. */
  timeBase?: TrackTimeBase;
  /** Problems the parser worked around without losing good data (e.g. an incomplete last SRT entry dropped). */
  warnings?: string[];
}

/** A detector output in original-image pixels. */
export interface Detection {
  class: HazardClass | string;
  score: number;
  bbox: [x: number, y: number, w: number, h: number];
}

/** A detection placed on the ground. */
export interface GroundDetection extends Detection {
  lat: number | null;
  lon: number | null;
  uncertaintyM: number | null;
}

export interface GeoPoint {
  lat: number;
  lon: number;
}
