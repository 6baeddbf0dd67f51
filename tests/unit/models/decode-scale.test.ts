import { describe, expect, it } from 'vitest';
import { decodeScale, MIN_DECODE_SCALE } from '../../../models/inference/decode-scale.ts';
import { decodeImage } from '../../../models/inference/image.decode.ts';
import { drawPhoto } from './model-fixture.ts';

describe('decodeScale', () => {
  it("shrinks a photo sharper than the model's maximum to exactly that resolution", () => {
    expect(decodeScale(100, 129.5)).toBeCloseTo(100 / 129.5, 9);
    expect(decodeScale(100, 200)).toBe(0.5);
  });

  it('never enlarges, and leaves the photo alone without a maximum or a pose', () => {
    expect(decodeScale(100, 100)).toBe(1);
    expect(decodeScale(100, 15.4)).toBe(1);
    expect(decodeScale(undefined, 500)).toBe(1);
    expect(decodeScale(100, null)).toBe(1);
    expect(decodeScale(100, undefined)).toBe(1);
    expect(decodeScale(100, Number.NaN)).toBe(1);
    expect(decodeScale(100, Number.POSITIVE_INFINITY)).toBe(1);
  });

  it('shrinks at most 4x, so a wrong relative altitude cannot reduce a photo to a thumbnail', () => {
    expect(MIN_DECODE_SCALE).toBe(0.25);
    expect(decodeScale(100, 2079)).toBe(0.25);
  });
});

describe('decodeImage with a scale', () => {
  it('decodes at that fraction, keeps the original size for mapping back, and combines with maxSide', async () => {
    const photo = await drawPhoto(1000, 700, []);
    const half = await decodeImage(photo, { scale: 0.5 });
    expect([half.width, half.height, half.origWidth, half.origHeight]).toEqual([500, 350, 1000, 700]);
    expect(half.rgb.length).toBe(500 * 350 * 3);
    const fitted = await decodeImage(photo, { scale: 0.5, maxSide: 200 });
    expect([fitted.width, fitted.height]).toEqual([200, 140]);
    const full = await decodeImage(photo, { scale: 1 });
    expect([full.width, full.height]).toEqual([1000, 700]);
  });
});
