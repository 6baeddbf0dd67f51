/** The JSON of a mission as API.md gives it: counts and, on request, the flight track as GeoJSON. */
import type { Mission } from '../../core/db/repositories/missions.repository.ts';
import type { Services } from '../../core/services.ts';
import { waylineDeviation } from '../../core/pipeline/wayline/wayline-deviation.ts';

export async function missionView(s: Services, mission: Mission, options: { track?: boolean } = {}) {
  const counts = await s.missions.counts(mission.id);
  let track: GeoJSON.LineString | undefined;
  let deviation: ReturnType<typeof waylineDeviation> = null;
  if (options.track !== false) {
    const points = (await s.flightLogs.tracksOf(mission.id)).flatMap((t) => t.points);
    if (points.length >= 2) track = { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat, p.absAlt ?? p.relAlt ?? 0]) };
    // The flown track beside the plan: how far it strayed (metres), where the wayline is known.
    const waypoints = (mission.wayline as { waypoints?: { lat: number; lon: number }[] } | null)?.waypoints ?? [];
    deviation = waylineDeviation(waypoints, points);
  }
  return {
    id: mission.id,
    name: mission.name,
    dockId: mission.dockId,
    status: mission.status,
    startedAt: mission.startedAt,
    createdAt: mission.createdAt,
    counts,
    ...(track ? { track } : {}),
    flightChecks: mission.flightChecks ?? [],
    wayline: mission.wayline ?? null,
    // A dock flight: its task status and progress, and how many photos it said it took.
    flight: mission.flight ? { flightId: mission.flight.flightId, status: mission.flight.status, percent: mission.flight.percent, expectedMedia: mission.flight.expectedMedia } : null,
    ...(options.track !== false ? { deviation } : {}),
  };
}
