/** Live events for the map: a mission's progress moved (case events go through the outbox, see cases.service.ts). */
import type { Services } from '../../core/services.ts';

export async function announceMission(s: Services, missionId: string): Promise<void> {
  const mission = await s.missions.refreshStatus(missionId);
  if (mission) await s.events.publish('mission.updated', { id: mission.id, name: mission.name, status: mission.status, counts: await s.missions.counts(mission.id) });
}
