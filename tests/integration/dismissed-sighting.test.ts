/**
 * What a new sighting does to a dismissed case, on the real case store (SQLite and PostgreSQL): by
 * default it reopens it (复发, DOMAIN.md); with DISMISSED_SIGHTING=join it is added to the case as a
 * sighting and the case stays dismissed, so a place the model keeps mistaking is not raised on every patrol.
 */
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import type { Finding } from '../../core/db/repositories/findings.repository.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';

const RULE = { severity: 'critical', violation: 'open fire', rectificationDays: 1 };
const OFFICER = { id: 'officer-1', role: 'officer' as const, departmentId: 'dept-safety' };

/** A fire finding at the same red roof, a few metres from the last. */
const finding = (n: number, dLat = 0): Finding => ({
  id: `f${n}`,
  detectionId: `d${n}`,
  imageId: `img${n}`,
  missionId: 'm1',
  caseId: null,
  class: 'fire',
  score: 0.95,
  severity: 'critical',
  violation: 'open fire',
  lat: 37.75 + dLat,
  lon: 118.95,
  zones: [],
  district: null,
  enterpriseId: null,
  departmentId: 'dept-safety',
  modelId: 'dy-hazard@1.2.0',
  capturedAt: new Date(Date.UTC(2026, 10, n)).toISOString(),
  createdAt: new Date(Date.UTC(2026, 10, n)).toISOString(),
});

describeEachDb('a sighting near a dismissed case', (kind) => {
  let s: TestServices | undefined;
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
  });

  /** Files a fire, dismisses its case as a false alarm, then files the same place again with `onDismissed`. */
  async function seenAgain(onDismissed: 'reopen' | 'join') {
    s = await createTestServices(kind, { DISMISSED_SIGHTING: onDismissed });
    const store = s.casesService;
    store.clock = () => new Date('2026-11-01T08:00:00Z');
    const first = await store.recordFinding(finding(1), RULE);
    store.clock = () => new Date('2026-11-01T09:00:00Z');
    await store.act(first.case.id, 'dismiss', OFFICER, { reason: 'red roof, no fire' });
    store.clock = () => new Date('2026-11-02T08:00:00Z');
    const again = await store.recordFinding(finding(2, 0.00003), RULE);
    const history = await s.cases.auditFor(first.case.id);
    return { first, again, history };
  }

  it('reopens it by default, as DOMAIN.md says', async () => {
    expect(loadConfig({}).DISMISSED_SIGHTING).toBe('reopen');
    const { first, again, history } = await seenAgain('reopen');
    expect(again.kind).toBe('reopen');
    expect(again.case).toMatchObject({ id: first.case.id, status: 'new', reopenCount: 1, sightings: 2 });
    expect(history.map((h) => h.action)).toEqual(['open', 'dismiss', 'reopen']);
  });

  it('with DISMISSED_SIGHTING=join, adds the sighting and leaves the case dismissed', async () => {
    expect(loadConfig({ DISMISSED_SIGHTING: 'join' }).DISMISSED_SIGHTING).toBe('join');
    const { first, again, history } = await seenAgain('join');
    expect(again.kind).toBe('join');
    expect(again.case).toMatchObject({ id: first.case.id, status: 'dismissed', reopenCount: 0, sightings: 2 });
    expect(history.map((h) => h.action)).toEqual(['open', 'dismiss', 'sighting']);
    expect(await s!.cases.get(first.case.id)).toMatchObject({ status: 'dismissed', sightings: 2 });
  });
});
