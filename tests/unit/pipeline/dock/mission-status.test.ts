import { describe, expect, it } from 'vitest';
import { missionStatusOf } from '../../../../core/pipeline/dock/mission-status.ts';

const counts = (images: number, pending = 0, failed = 0) => ({ images, queued: pending, processing: 0, failed });

describe('mission status of a dock flight', () => {
  it('keeps receiving while the aircraft flies or photos it reported are still missing', () => {
    expect(missionStatusOf(counts(2), { status: 'in_progress', expectedMedia: null })).toBe('receiving');
    expect(missionStatusOf(counts(2), { status: 'ok', expectedMedia: 3 })).toBe('receiving');
    expect(missionStatusOf(counts(3), { status: 'ok', expectedMedia: 3 })).toBe('done');
    expect(missionStatusOf(counts(2), { status: 'partially_done', expectedMedia: 2 })).toBe('done');
  });

  it('is processing while any photo waits, failed when the task failed before any photo', () => {
    expect(missionStatusOf(counts(3, 1), { status: 'ok', expectedMedia: 3 })).toBe('processing');
    expect(missionStatusOf(counts(0), { status: 'failed', expectedMedia: null })).toBe('failed');
    expect(missionStatusOf(counts(0), { status: 'canceled', expectedMedia: 0 })).toBe('failed');
    expect(missionStatusOf(counts(1), { status: 'failed', expectedMedia: null })).toBe('done');
  });

  it('judges a flight without task reports (FlightHub) and a hand-made mission by their photos', () => {
    expect(missionStatusOf(counts(1), { status: null, expectedMedia: null })).toBe('done');
    expect(missionStatusOf(counts(0), null)).toBe('receiving');
    expect(missionStatusOf(counts(2, 0, 2), null)).toBe('failed');
  });
});
