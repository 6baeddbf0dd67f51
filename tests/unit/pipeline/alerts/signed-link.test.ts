import { describe, expect, it } from 'vitest';
import { checkSignedPath, signedPhotoPath, signPath } from '../../../../core/pipeline/alerts/signed-link.ts';

const SECRET = 'k'.repeat(43);
const NOW = new Date('2026-11-30T08:00:00Z');
const parts = (link: string) => Object.fromEntries(new URL(link, 'http://x').searchParams);

describe('signed photo links', () => {
  const path = signedPhotoPath('img-1');
  const link = signPath(path, SECRET, 3600, NOW);

  it('hold for their path until they expire', () => {
    const { exp, sig } = parts(link);
    expect(link.startsWith(`${path}?exp=`)).toBe(true);
    expect(Number(exp)).toBe(NOW.getTime() / 1000 + 3600);
    expect(checkSignedPath(path, exp, sig, SECRET, NOW)).toBeNull();
    expect(checkSignedPath(path, exp, sig, SECRET, new Date(NOW.getTime() + 3600_000))).toBeNull();
    expect(checkSignedPath(path, exp, sig, SECRET, new Date(NOW.getTime() + 3601_000))).toBe('expired');
  });

  it('fail for another photo, a stretched expiry, another secret or a missing signature', () => {
    const { exp, sig } = parts(link);
    expect(checkSignedPath(signedPhotoPath('img-2'), exp, sig, SECRET, NOW)).toBe('invalid');
    expect(checkSignedPath(path, String(Number(exp) + 86_400), sig, SECRET, NOW)).toBe('invalid');
    expect(checkSignedPath(path, exp, sig, 'z'.repeat(43), NOW)).toBe('invalid');
    expect(checkSignedPath(path, exp, sig!.slice(1), SECRET, NOW)).toBe('invalid');
    expect(checkSignedPath(path, exp, undefined, SECRET, NOW)).toBe('missing');
    expect(checkSignedPath(path, ['1', '2'], sig, SECRET, NOW)).toBe('missing');
  });
});
