/**
 * A later patrol that sees the place clean verifies a dispatched or rectified case (the system's
 * "verify"); closing stays a person's decision.
 */
import type { CaseStore } from '../../core/cases/case-store.ts';
import { SYSTEM_ACTOR } from '../../core/pipeline/cases/case-lifecycle.ts';
import { verifiedByPatrol } from '../../core/pipeline/cases/join-findings.ts';
import type { Services } from '../../core/services.ts';
import { bbox } from '@turf/turf';
import { announceCase } from './announce.ts';

export async function verifyCasesByPatrol(
  s: Services,
  store: CaseStore,
  image: { id: string; footprint: GeoJSON.Polygon; capturedAt: string },
  detections: ReadonlyArray<{ class: string }>,
): Promise<string[]> {
  const [minLon, minLat, maxLon, maxLat] = bbox(image.footprint);
  const waiting = (await s.cases.list({ openOnly: true })).filter(
    (c) =>
      (c.status === 'dispatched' || c.status === 'rectified') &&
      c.lat !== null &&
      c.lon !== null &&
      c.lat >= minLat && c.lat <= maxLat && c.lon >= minLon && c.lon <= maxLon &&
      (c.dispatchedAt ?? c.openedAt) < image.capturedAt,
  );
  const verified: string[] = [];
  for (const c of waiting) {
    if (!verifiedByPatrol(c, [{ id: image.id, footprint: image.footprint }], detections.map((d) => ({ imageId: image.id, class: d.class })))) continue;
    const { case: updated } = await store.act(c.id, 'verify', SYSTEM_ACTOR, { note: `later patrol photo ${image.id} (${image.capturedAt}) shows no ${c.class} here` }, new Date());
    await announceCase(s, updated);
    verified.push(c.id);
  }
  return verified;
}
