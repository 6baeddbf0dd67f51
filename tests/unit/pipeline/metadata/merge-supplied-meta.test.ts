import { describe, expect, it } from 'vitest';
import type { ImageMeta } from '../../../../core/domain.ts';
import { mergeSuppliedMeta } from '../../../../core/pipeline/metadata/merge-supplied-meta.ts';

const meta = (over: Partial<ImageMeta> = {}): ImageMeta => ({
  capturedAt: null, lat: null, lon: null, absAlt: null, relAlt: null, gimbalPitch: -90, gimbalYaw: null, gimbalRoll: 0, flightYaw: null, flightPitch: null, flightRoll: null,
  make: 'DJI', model: 'M4TD', width: 4000, height: 3000, focalLength: 12, focal35: 24, lrfTarget: null, timeIsUtc: false, positionSource: 'none', ...over,
});

describe("merging a dock event's pose with the photo's own", () => {
  it("keeps the photo's own values wherever it has them", () => {
    const own = meta({ capturedAt: '2025-04-24T17:30:17.428Z', lat: 49.0995, lon: 12.1809, absAlt: 487, relAlt: 21.6, gimbalYaw: -105.1, timeIsUtc: true, positionSource: 'xmp' });
    expect(mergeSuppliedMeta(own, { capturedAt: '2025-04-24T11:29:59.000Z', lat: 49.2, lon: 12.3, absAlt: 500, relAlt: 30, gimbalYaw: -91.4 })).toEqual(own);
  });

  it('fills what the photo lacks, a position only whole', () => {
    const merged = mergeSuppliedMeta(meta({ absAlt: 22.3 }), { capturedAt: '2023-08-16T06:00:00.000Z', lat: 52.9, lon: 5.4, absAlt: 30, relAlt: 24.9, gimbalYaw: -46.8 });
    expect(merged).toMatchObject({ capturedAt: '2023-08-16T06:00:00.000Z', timeIsUtc: true, lat: 52.9, lon: 5.4, positionSource: 'dock-event', absAlt: 22.3, relAlt: 24.9, gimbalYaw: -46.8 });
    // a latitude without a longitude is no position: the event's whole position is taken, never a mix
    const half = mergeSuppliedMeta(meta({ lat: 52.9 }), { lat: 1, lon: 2 });
    expect(half).toMatchObject({ lat: 1, lon: 2, positionSource: 'dock-event' });
    expect(mergeSuppliedMeta(meta({ lat: 52.9 }), { lat: 1 })).toMatchObject({ lat: 52.9, lon: null, positionSource: 'none' });
    expect(mergeSuppliedMeta(meta(), null)).toEqual(meta());
  });
});
