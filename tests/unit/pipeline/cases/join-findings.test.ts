import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { matchCase, verifiedByPatrol } from '../../../../core/pipeline/cases/join-findings.ts';
import type { CandidateCase } from '../../../../core/pipeline/cases/join-findings.ts';

// A place in Dongying. Distances by hand: Turf's earth radius 6 371 008.8 m gives 111 195.08 m per degree
// of latitude, so 0.0004 deg north = 44.478 m and 0.0005 deg = 55.598 m; a degree of longitude at
// 37.45 N is 111 195.08 * cos(37.45 deg) = 88 268 m, so 0.0005 deg east = 44.13 m and 0.0006 deg = 52.96 m.
const LAT = 37.45;
const LON = 118.5;
const finding = { class: 'excavator', lat: LAT, lon: LON, enterpriseId: 'ent-1', imageId: 'img-9' };
const cand = (id: string, dLat: number, dLon: number, over: Partial<CandidateCase> = {}): CandidateCase => ({
  id, class: 'excavator', lat: LAT + dLat, lon: LON + dLon, enterpriseId: 'ent-1', status: 'dispatched', ...over,
});

describe('matchCase', () => {
  it('joins an open case 44.5 m north and reports the distance', () => {
    const m = matchCase(finding, [cand('c1', 0.0004, 0)]);
    expect(m.kind).toBe('join');
    expect(m).toMatchObject({ caseId: 'c1' });
    expect((m as { distanceM: number }).distanceM).toBeCloseTo(44.478, 2);
  });
  it('opens a new case when the only case is 55.6 m away', () => {
    expect(matchCase(finding, [cand('c1', 0.0005, 0)])).toEqual({ kind: 'new' });
  });
  it('uses the cosine of latitude east-west: 44.1 m joins, 53.0 m does not', () => {
    expect(matchCase(finding, [cand('c1', 0, 0.0005)])).toMatchObject({ kind: 'join', caseId: 'c1' });
    expect(matchCase(finding, [cand('c1', 0, 0.0006)])).toEqual({ kind: 'new' });
  });
  it('honours a configured distance', () => {
    expect(matchCase(finding, [cand('c1', 0.0005, 0)], { maxDistanceM: 60 })).toMatchObject({ kind: 'join', caseId: 'c1' });
    expect(matchCase(finding, [cand('c1', 0.0004, 0)], { maxDistanceM: 40 })).toEqual({ kind: 'new' });
  });
  it('only joins a case of the same class, even when another class is nearer', () => {
    const m = matchCase(finding, [cand('fire-case', 0.00001, 0, { class: 'fire' }), cand('exc-case', 0.0003, 0)]);
    expect(m).toMatchObject({ kind: 'join', caseId: 'exc-case' });
    expect(matchCase(finding, [cand('fire-case', 0, 0, { class: 'fire' })])).toEqual({ kind: 'new' });
  });
  it('the nearest open case wins, whatever the order given', () => {
    const cs = [cand('far', 0.0004, 0), cand('near', 0.0001, 0), cand('mid', 0.0002, 0)];
    expect(matchCase(finding, cs)).toMatchObject({ caseId: 'near' });
    expect(matchCase(finding, [...cs].reverse())).toMatchObject({ caseId: 'near' });
  });
  it('equal distances go to the smaller id', () => {
    expect(matchCase(finding, [cand('b', 0.0001, 0), cand('a', -0.0001, 0)])).toMatchObject({ caseId: 'a' });
  });
  it('requires the same enterprise only where both know theirs', () => {
    expect(matchCase(finding, [cand('c1', 0.0001, 0, { enterpriseId: 'ent-2' })])).toEqual({ kind: 'new' });
    expect(matchCase(finding, [cand('c1', 0.0001, 0, { enterpriseId: null })])).toMatchObject({ kind: 'join', caseId: 'c1' });
    expect(matchCase({ ...finding, enterpriseId: null }, [cand('c1', 0.0001, 0, { enterpriseId: 'ent-2' })])).toMatchObject({ kind: 'join' });
  });
  it('every open status joins', () => {
    for (const status of ['new', 'confirmed', 'dispatched', 'rectified', 'verified'] as const) {
      expect(matchCase(finding, [cand('c1', 0.0001, 0, { status })])).toMatchObject({ kind: 'join', caseId: 'c1' });
    }
  });
  it('a closed or dismissed case in reach reopens (recurrence)', () => {
    expect(matchCase(finding, [cand('c1', 0.0001, 0, { status: 'closed' })])).toMatchObject({ kind: 'reopen', caseId: 'c1' });
    expect(matchCase(finding, [cand('c1', 0.0001, 0, { status: 'dismissed' })])).toMatchObject({ kind: 'reopen', caseId: 'c1' });
  });
  it('a closed case out of reach does not reopen', () => {
    expect(matchCase(finding, [cand('c1', 0.0005, 0, { status: 'closed' })])).toEqual({ kind: 'new' });
  });
  it('onDismissed=join adds the sighting to a dismissed case without reopening it; closed ones still reopen', () => {
    expect(matchCase(finding, [cand('c1', 0.0001, 0, { status: 'dismissed' })], { onDismissed: 'join' })).toMatchObject({ kind: 'join', caseId: 'c1' });
    expect(matchCase(finding, [cand('c1', 0.0001, 0, { status: 'closed' })], { onDismissed: 'join' })).toMatchObject({ kind: 'reopen' });
  });
  it('an open case in reach is joined before a nearer closed one is reopened', () => {
    const m = matchCase(finding, [cand('old', 0.00005, 0, { status: 'closed' }), cand('open', 0.0004, 0, { status: 'confirmed' })]);
    expect(m).toMatchObject({ kind: 'join', caseId: 'open' });
  });
  it('of two closed cases the nearer reopens', () => {
    const m = matchCase(finding, [cand('far', 0.0003, 0, { status: 'closed' }), cand('near', 0.0001, 0, { status: 'dismissed' })]);
    expect(m).toMatchObject({ kind: 'reopen', caseId: 'near' });
  });
  it('cases without a position are never joined by a finding that has one', () => {
    expect(matchCase(finding, [cand('c1', 0, 0, { lat: null, lon: null, imageIds: ['img-9'] })])).toEqual({ kind: 'new' });
  });
  it('without a position: joins an open case of the same class from the same photo, otherwise new', () => {
    const nowhere = { ...finding, lat: null, lon: null };
    const sameImage = cand('c1', 0, 0, { lat: null, lon: null, imageIds: ['img-8', 'img-9'] });
    expect(matchCase(nowhere, [sameImage])).toEqual({ kind: 'join', caseId: 'c1', distanceM: null });
    expect(matchCase(nowhere, [{ ...sameImage, class: 'fire' }])).toEqual({ kind: 'new' });
    expect(matchCase(nowhere, [{ ...sameImage, status: 'closed' }])).toEqual({ kind: 'new' });
    expect(matchCase(nowhere, [{ ...sameImage, imageIds: ['img-1'] }])).toEqual({ kind: 'new' });
    expect(matchCase({ ...nowhere, imageId: null }, [sameImage])).toEqual({ kind: 'new' });
    // a positioned case right on the spot does not attract a finding that has no place
    expect(matchCase(nowhere, [cand('c2', 0, 0)])).toEqual({ kind: 'new' });
  });
  it('no candidates: new', () => expect(matchCase(finding, [])).toEqual({ kind: 'new' }));
  it('rejects a negative distance', () => expect(() => matchCase(finding, [], { maxDistanceM: -1 })).toThrow(/maxDistanceM/));
});

describe('verifiedByPatrol', () => {
  const hazard = { class: 'oil_spill', lat: LAT, lon: LON };
  // a footprint about 90 m x 70 m around the place, and one 1 km away
  const square = (cLat: number, cLon: number, h = 0.0004): Polygon => ({
    type: 'Polygon',
    coordinates: [[[cLon - h, cLat - h], [cLon + h, cLat - h], [cLon + h, cLat + h], [cLon - h, cLat + h], [cLon - h, cLat - h]]],
  });
  const over = { id: 'later-1', footprint: square(LAT, LON) };
  const elsewhere = { id: 'later-2', footprint: square(LAT + 0.01, LON) };

  it('true when a later photo covers the place and shows nothing of the class', () => {
    expect(verifiedByPatrol(hazard, [over, elsewhere], [])).toBe(true);
  });
  it('false when a covering photo still shows the class', () => {
    expect(verifiedByPatrol(hazard, [over], [{ imageId: 'later-1', class: 'oil_spill' }])).toBe(false);
  });
  it('detections of other classes, or in photos that do not cover the place, do not matter', () => {
    expect(verifiedByPatrol(hazard, [over, elsewhere], [{ imageId: 'later-1', class: 'excavator' }, { imageId: 'later-2', class: 'oil_spill' }])).toBe(true);
  });
  it('false when no later photo covers the place, or footprints are unknown', () => {
    expect(verifiedByPatrol(hazard, [elsewhere], [])).toBe(false);
    expect(verifiedByPatrol(hazard, [{ id: 'x', footprint: null }], [])).toBe(false);
    expect(verifiedByPatrol(hazard, [], [])).toBe(false);
  });
  it('false for a case without a position', () => {
    expect(verifiedByPatrol({ ...hazard, lat: null, lon: null }, [over], [])).toBe(false);
  });
  it('one covering photo showing the hazard outweighs another covering photo that misses it', () => {
    const over2 = { id: 'later-3', footprint: square(LAT + 0.0001, LON) };
    expect(verifiedByPatrol(hazard, [over, over2], [{ imageId: 'later-3', class: 'oil_spill' }])).toBe(false);
  });
  it('accepts a MultiPolygon footprint', () => {
    const multi = { id: 'm', footprint: { type: 'MultiPolygon' as const, coordinates: [square(LAT + 0.01, LON).coordinates, square(LAT, LON).coordinates] } };
    expect(verifiedByPatrol(hazard, [multi], [])).toBe(true);
  });
});
