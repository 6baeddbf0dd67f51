/**
 * Which case a new finding belongs to (DOMAIN.md, "Case"): findings of one class within a distance of a
 * case join it; a later patrol seeing the same hazard adds a sighting, not a case; a closed or dismissed
 * case seen again reopens, its history kept. Also: does a later patrol show the place clean?
 */
import { booleanPointInPolygon, distance, point } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { CaseStatus } from '../../domain.ts';
import { BadInputError } from '../../errors.ts';
import { OPEN_STATUSES } from './case-transitions.table.ts';

/** A flagged detection looking for its case. `imageId` lets findings without a position share a case. */
export interface FindingToMatch {
  class: string;
  lat: number | null;
  lon: number | null;
  enterpriseId?: string | null;
  imageId?: string | null;
}

/** A case the finding might join: typically those of its class near it (a bbox query with margin). */
export interface CandidateCase {
  id: string;
  class: string;
  lat: number | null;
  lon: number | null;
  enterpriseId?: string | null;
  status: CaseStatus;
  /** Images its findings come from; only needed to group findings that have no position. */
  imageIds?: readonly string[];
}

export interface MatchOptions {
  /** How far (metres, great-circle) a finding may lie from a case to join it. Default 50. */
  maxDistanceM?: number;
  /**
   * What a sighting does to a dismissed case: `reopen` (default, DOMAIN.md) or `join` (add the sighting and
   * leave it dismissed), for places the model keeps mistaking so a known false alarm does not return on every patrol.
   */
  onDismissed?: 'reopen' | 'join';
}

export type CaseMatch = { kind: 'join'; caseId: string; distanceM: number | null } | { kind: 'reopen'; caseId: string; distanceM: number } | { kind: 'new' };

export const DEFAULT_JOIN_DISTANCE_M = 50;

const hasPosition = <T extends { lat: number | null; lon: number | null }>(x: T): x is T & { lat: number; lon: number } =>
  x.lat !== null && x.lon !== null && Number.isFinite(x.lat) && Number.isFinite(x.lon);

function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  return distance(point([a.lon, a.lat]), point([b.lon, b.lat]), { units: 'meters' });
}

/**
 * Finds the case a finding belongs to. Only cases of the same class count; where both finding and case
 * know their enterprise, it must be the same one. An open case within `maxDistanceM` is joined, the
 * nearest first; only when no open case is in reach does the nearest closed or dismissed one reopen, so
 * a sighting an open case already covers never wakes an old case into a second open case of one hazard.
 * Ties go to the smaller id so the answer does not depend on database order.
 *
 * A finding without a position cannot be placed near anything: it opens its own case, except that
 * findings of one class from the same photo share one open case (one photo, one hazard per class).
 * Call this only for findings that have no case yet, so a re-run job does not add sightings twice.
 */
export function matchCase(finding: FindingToMatch, candidates: readonly CandidateCase[], opts: MatchOptions = {}): CaseMatch {
  const maxDistanceM = opts.maxDistanceM ?? DEFAULT_JOIN_DISTANCE_M;
  if (!Number.isFinite(maxDistanceM) || maxDistanceM < 0) throw new BadInputError('bad_option', `maxDistanceM must be a non-negative number, got ${maxDistanceM}`);
  const sameClass = candidates.filter((c) => c.class === finding.class);

  if (!hasPosition(finding)) {
    const img = finding.imageId;
    const shared = img ? sameClass.filter((c) => OPEN_STATUSES.includes(c.status) && c.imageIds?.includes(img)).sort(byId)[0] : undefined;
    return shared ? { kind: 'join', caseId: shared.id, distanceM: null } : { kind: 'new' };
  }

  const inReach = sameClass
    .filter((c) => !(finding.enterpriseId && c.enterpriseId && finding.enterpriseId !== c.enterpriseId))
    .filter(hasPosition)
    .map((c) => ({ c, d: metres(finding, c) }))
    .filter(({ d }) => d <= maxDistanceM)
    .sort((a, b) => a.d - b.d || byId(a.c, b.c));

  const open = inReach.find(({ c }) => OPEN_STATUSES.includes(c.status));
  if (open) return { kind: 'join', caseId: open.c.id, distanceM: open.d };
  const old = inReach[0];
  if (!old) return { kind: 'new' };
  if (old.c.status === 'dismissed' && opts.onDismissed === 'join') return { kind: 'join', caseId: old.c.id, distanceM: old.d };
  return { kind: 'reopen', caseId: old.c.id, distanceM: old.d };
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A later photo and where it saw the ground. */
export interface PatrolImage {
  id: string;
  footprint: Polygon | MultiPolygon | null;
}

/**
 * True when a later patrol shows the case's place clean: at least one later photo's ground footprint
 * covers the case position, and none of the photos that cover it has a detection of the case's class
 * (anywhere in the frame: a detection's ground position can be off by tens of metres in an oblique shot,
 * so "somewhere else in the same photo" is not trusted as clean). A case without a position is never
 * verified this way. The detector can miss a hazard, so this only supports `verify`; closing stays a
 * manager's decision.
 */
export function verifiedByPatrol(
  c: { class: string; lat: number | null; lon: number | null },
  laterImages: readonly PatrolImage[],
  detections: readonly { imageId: string; class: string }[],
): boolean {
  if (!hasPosition(c)) return false;
  const at = point([c.lon, c.lat]);
  const covering = new Set(laterImages.filter((img) => img.footprint && booleanPointInPolygon(at, img.footprint)).map((img) => img.id));
  if (covering.size === 0) return false;
  return !detections.some((d) => d.class === c.class && covering.has(d.imageId));
}
