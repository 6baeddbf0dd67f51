/** sniffImageType: magic bytes, and truncated JPEGs made at test time by cutting a real photo in memory. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../../../../core/pipeline/metadata/sniff-image.ts';
import { readImageMeta } from '../../../../core/pipeline/metadata/read-image-meta.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';

const code = (fn: () => unknown): [string, number] | null => {
  try {
    fn();
    return null;
  } catch (e) {
    const err = e as { code: string; status: number };
    return [err.code, err.status];
  }
};

describe('sniffImageType by magic bytes', () => {
  it('recognises PNG, TIFF (both byte orders) and WebP headers', () => {
    expect(sniffImageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('png');
    expect(sniffImageType(Uint8Array.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]))).toBe('tiff');
    expect(sniffImageType(Uint8Array.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]))).toBe('tiff');
    expect(sniffImageType(Uint8Array.from([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]))).toBe('webp');
  });
  it('refuses text and empty input with 415 not_an_image', () => {
    expect(code(() => sniffImageType(Buffer.from('hello, I am a CSV\n1,2,3\n')))).toEqual(['not_an_image', 415]);
    expect(code(() => sniffImageType(new Uint8Array(0)))).toEqual(['not_an_image', 415]);
  });
});

describeRealdata('sniffImageType on real JPEGs', () => {
  const m4td = readFileSync(realdata('images/dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg'));
  it('accepts a DJI JPEG with an MPF preview after the main image (its last bytes are not FFD9)', () => {
    expect(m4td.subarray(-2).equals(Buffer.from([0xff, 0xd9]))).toBe(false);
    expect(sniffImageType(m4td)).toBe('jpeg');
  });
  it('refuses a JPEG cut in the middle of its image data with truncated_image', async () => {
    const cut = m4td.subarray(0, Math.floor(m4td.length / 2));
    expect(code(() => sniffImageType(cut))).toEqual(['truncated_image', 400]);
    await expect(readImageMeta(cut)).rejects.toMatchObject({ code: 'truncated_image' });
  });
  it('refuses a small photo cut 10 bytes short', () => {
    const b = readFileSync(realdata('images/dji_rgb/exifr_issue-13_Mavic2Pro_L1D-20c.jpg'));
    expect(sniffImageType(b)).toBe('jpeg');
    expect(code(() => sniffImageType(b.subarray(0, b.length - 10)))).toEqual(['truncated_image', 400]);
  });
});
