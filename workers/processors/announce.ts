/** Live events for the map: a case changed, a mission's progress moved. */
import { caseJson } from '../../core/cases/case.view.ts';
import type { CaseRecord } from '../../core/db/repositories/cases.repository.ts';
import type { Services } from '../../core/services.ts';

export async function announceCase(s: Services, c: CaseRecord): Promise<void> {
  await s.events.publish('case.updated', caseJson(c));
}

export async function announceMission(s: Services, missionId: string): Promise<void> {
  const mission = await s.missions.refreshStatus(missionId);
  if (mission) await s.events.publish('mission.updated', { id: mission.id, name: mission.name, status: mission.status, counts: await s.missions.counts(mission.id) });
}
