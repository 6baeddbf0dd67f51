import { spawnSync } from 'node:child_process';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { annotate, labelEms, overlaySvg } from '../../../models/inference/annotate.ts';
import { hasCjkFont } from '../../../models/inference/cjk-font.ts';
import { drawPhoto } from './model-fixture.ts';

const classes = [
  { id: 'fire', zh: '明火', en: 'fire' },
  { id: 'smoke', zh: '烟雾', en: 'smoke' },
];

describe('annotate', () => {
  it('draws a box in the class colour on the oriented photo and returns a JPEG', async () => {
    const photo = await drawPhoto(1600, 1200, []);
    const out = await annotate(photo, [{ class: 'fire', score: 0.91, bbox: [400, 400, 480, 320] }], { classes });
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 1200]);
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    // Left edge of the box (x = 400, stroke 1600/400 = 4 px) in fire's colour #D55E00 = (213, 94, 0),
    // give or take JPEG chroma subsampling.
    px(400, 600).forEach((v, i) => expect(Math.abs(v - [213, 94, 0][i]!)).toBeLessThan(45));
    // Inside the box and far away: the grey background (128) is untouched.
    px(640, 600).forEach((v) => expect(Math.abs(v - 128)).toBeLessThan(6));
    px(1500, 1100).forEach((v) => expect(Math.abs(v - 128)).toBeLessThan(6));
  });

  it('labels with the Chinese or English name and escapes text', () => {
    const det = [{ class: 'smoke', score: 0.5, bbox: [1, 2, 3, 4] as [number, number, number, number] }];
    expect(overlaySvg(100, 100, det, { classes, language: 'zh' })).toContain('>烟雾 0.50<');
    expect(overlaySvg(100, 100, det, { classes, language: 'en' })).toContain('>smoke 0.50<');
    expect(overlaySvg(100, 100, [{ ...det[0]!, class: '<x>' }])).toContain('&#60;x&#62;');
  });

  it('draws a box the ground-size check held back dashed on grey, saying so', () => {
    const held = [{ class: 'excavator', score: 0.99, bbox: [1, 2, 3, 4] as [number, number, number, number], sizeCheck: 'too_small', groundSizeM: { longM: 1.13 } }];
    const svg = overlaySvg(100, 100, held, { classes, language: 'en' });
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('#666666');
    expect(svg).toContain('wrong size 1.1 m<');
    expect(overlaySvg(100, 100, held, { classes, language: 'zh' })).toContain('尺寸不符 1.1 m<');
    const filed = overlaySvg(100, 100, [{ ...held[0]!, sizeCheck: 'plausible' }], { classes, language: 'en' });
    expect(filed).not.toContain('stroke-dasharray');
    expect(filed).not.toContain('wrong size');
  });

  it('prints Chinese by default only where a Chinese font is installed (else the label would be empty boxes)', () => {
    const det = [{ class: 'fire', score: 0.9, bbox: [1, 2, 3, 4] as [number, number, number, number] }];
    const cjk = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
    const fontInstalled = cjk.status === 0 && cjk.stdout.trim().length > 0;
    expect(hasCjkFont()).toBe(fontInstalled);
    expect(overlaySvg(100, 100, det, { classes })).toContain(fontInstalled ? '>明火 0.90<' : '>fire 0.90<');
  });

  it('colours a filed box by its severity, the map\'s colours, with a label text colour that reads on it', async () => {
    const box = (severity: string) => [{ class: 'fire', score: 0.9, bbox: [400, 400, 480, 320] as [number, number, number, number], severity }];
    expect(overlaySvg(100, 100, box('medium'), { classes, language: 'en' })).toMatch(/stroke="#f2c200".*fill="#1d232a">fire 0.90</);
    expect(overlaySvg(100, 100, box('critical'), { classes, language: 'en' })).toMatch(/stroke="#c01c28".*fill="#ffffff">fire 0.90</);
    // Held back by the size check: grey whatever its severity.
    expect(overlaySvg(100, 100, [{ ...box('critical')[0]!, sizeCheck: 'too_large' }], { classes, language: 'en' })).toContain('stroke="#666666"');
    const out = await annotate(await drawPhoto(1600, 1200, []), box('high'), { classes });
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    const px = [...data.subarray((600 * info.width + 400) * 3, (600 * info.width + 400) * 3 + 3)];
    px.forEach((v, i) => expect(Math.abs(v - [0xf7, 0x67, 0x07][i]!)).toBeLessThan(45));
  });

  it('sizes the label plate to its text, Chinese characters at full width', () => {
    expect(labelEms('明火 0.90')).toBeCloseTo(2 + 5 * 0.62, 5);
    const det = [{ class: 'tanker', score: 0.5, bbox: [10, 100, 3, 4] as [number, number, number, number] }];
    const wide = [{ id: 'tanker', zh: '危化品罐车', en: 'tanker' }];
    // font = 12 px at this size; the plate is the second rect.
    const plate = (svg: string) => Number(/<rect [^>]*width="(\d+)"[^>]*fill="#/.exec(svg.replace(/^.*?<rect /, ''))?.[1]);
    expect(plate(overlaySvg(100, 100, det, { classes: wide, language: 'zh' }))).toBe(Math.ceil((5 + 5 * 0.62 + 0.4) * 12));
  });
});
