/**
 * A mission's status from its photos and, for a dock flight, from the flight task. A dock flight is still
 * receiving while the aircraft flies or while fewer photos have arrived than it said it took (media_count);
 * it failed when the task ended badly before any photo came. Otherwise: processing while any photo waits,
 * done when all are through (failed when every one failed). A mission flown for its log alone (a check
 * flight, photos kept elsewhere) is done once the log is in.
 */
import type { MissionStatus } from '../../domain.ts';
import { isFinished } from './flight-progress.ts';

export interface PhotoCounts {
  images: number;
  queued: number;
  processing: number;
  failed: number;
  /** Flight logs of the mission (only looked at while it has no photo). */
  flightLogs?: number;
}

export interface FlightFacts {
  status: string | null;
  expectedMedia: number | null;
}

const ENDED_BADLY: ReadonlySet<string> = new Set(['failed', 'canceled', 'timeout', 'rejected']);

export function missionStatusOf(counts: PhotoCounts, flight: FlightFacts | null): MissionStatus {
  const pending = counts.queued + counts.processing;
  if (pending > 0) return 'processing';
  if (flight) {
    if (counts.images === 0 && flight.status !== null && ENDED_BADLY.has(flight.status)) return 'failed';
    // No report yet (photos came first, or through FlightHub without task events): judged by its photos.
    const flying = flight.status !== null && !isFinished(flight.status);
    const photosOutstanding = flight.expectedMedia !== null && counts.images < flight.expectedMedia;
    if (flying || photosOutstanding) return 'receiving';
  }
  if (counts.images === 0) return (counts.flightLogs ?? 0) > 0 ? 'done' : 'receiving';
  return counts.failed === counts.images ? 'failed' : 'done';
}
