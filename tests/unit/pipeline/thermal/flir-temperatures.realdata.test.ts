/**
 * Temperatures of a real DJI Zenmuse XT2 radiometric JPEG, read by our TypeScript FLIR reader, against an
 * independent computation from exiftool's own extraction: `exiftool -b -RawThermalImage` (a 16-bit TIFF it
 * builds from the FLIR block) decoded by sharp, the Planck and object constants from `exiftool -n`, and the
 * FLIR conversion written out again below. Also: the centre agrees with the camera's own XMP
 * CentralTemperature, and a damaged FLIR block is named, not thrown.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { readImageMeta } from '../../../../core/pipeline/metadata/read-image-meta.ts';
import { readFlirRadiometric } from '../../../../core/pipeline/thermal/flir-radiometric.ts';
import { decodePng16, readThermal, withTemperatures } from '../../../../core/pipeline/thermal/thermal-reading.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';

const XT2 = 'images/dji_thermal/thermalparser_DJI_XT2_withGPS.jpg';
type Tags = Record<string, number>;

/** The textbook FLIR chain (Thermimage's raw2temp), from exiftool's values only. */
function celsiusFromExiftool(raw: number, t: Tags): number {
  const K = 273.15;
  const tAtm = t.AtmosphericTemperature!;
  const h2o = t.RelativeHumidity! * Math.exp(1.5587 + 0.06939 * tAtm - 0.00027816 * tAtm ** 2 + 0.00000068455 * tAtm ** 3);
  const d = Math.sqrt(t.ObjectDistance!);
  const tau = t.AtmosphericTransX! * Math.exp(-d * (t.AtmosphericTransAlpha1! + t.AtmosphericTransBeta1! * Math.sqrt(h2o))) + (1 - t.AtmosphericTransX!) * Math.exp(-d * (t.AtmosphericTransAlpha2! + t.AtmosphericTransBeta2! * Math.sqrt(h2o)));
  const planck = (c: number) => t.PlanckR1! / (t.PlanckR2! * (Math.exp(t.PlanckB! / (c + K)) - t.PlanckF!)) - t.PlanckO!;
  const e = t.Emissivity!;
  const obj = raw / e / tau - ((1 - e) / e) * planck(t.ReflectedApparentTemperature!) - ((1 - tau) / e / tau) * planck(tAtm);
  return t.PlanckB! / Math.log(t.PlanckR1! / (t.PlanckR2! * (obj + t.PlanckO!)) + t.PlanckF!) - K;
}

describeRealdata('FLIR radiometric temperatures (DJI Zenmuse XT2)', () => {
  const file = realdata(XT2);
  let tags: Tags;
  let raw: Uint16Array;
  let width: number;
  beforeAll(async () => {
    const json = JSON.parse(execFileSync('exiftool', ['-j', '-n', '-Planck*', '-Emissivity', '-ReflectedApparentTemperature', '-AtmosphericTemperature', '-ObjectDistance', '-RelativeHumidity', '-AtmosphericTrans*', '-CentralTemperature', file], { encoding: 'utf8' })) as Array<Record<string, unknown>>;
    tags = Object.fromEntries(Object.entries(json[0]!).filter(([k]) => k !== 'SourceFile').map(([k, v]) => [k, Number(v)]));
    const tiff = execFileSync('exiftool', ['-b', '-RawThermalImage', file]);
    const { data, info } = await sharp(tiff).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(1);
    raw = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
    width = info.width;
  });

  it('reads the same raw counts and constants as exiftool', async () => {
    const r = (await readFlirRadiometric(readFileSync(file), decodePng16))!;
    expect([r.width, r.height]).toEqual([640, 512]);
    expect(Array.from(r.raw)).toEqual(Array.from(raw));
    expect(r.params.planckR1).toBeCloseTo(tags.PlanckR1!, 3);
    expect(r.params.planckR2).toBeCloseTo(tags.PlanckR2!, 9);
    expect(r.params.planckB).toBe(tags.PlanckB);
    expect(r.params.planckO).toBe(tags.PlanckO);
    expect(r.params.emissivity).toBeCloseTo(tags.Emissivity!, 6);
    expect(r.params.reflectedC).toBeCloseTo(tags.ReflectedApparentTemperature!, 3);
  });

  it('gives the centre and the hottest temperature in a box as the independent computation does', async () => {
    const meta = await readImageMeta(readFileSync(file));
    expect(meta.thermalData).toBe('flir');
    const { reading, temperatures } = await readThermal(readFileSync(file), meta);
    const centre = celsiusFromExiftool(raw[256 * width + 320]!, tags);
    expect(reading!.centreC).toBeCloseTo(centre, 1);
    // the camera's own XMP figure for the centre, whole degrees
    expect(Math.abs(reading!.centreC! - tags.CentralTemperature!)).toBeLessThan(1);
    const box: [number, number, number, number] = [100, 50, 200, 120];
    let hottest = 0;
    for (let y = 50; y < 170; y++) for (let x = 100; x < 300; x++) hottest = Math.max(hottest, raw[y * width + x]!);
    expect(temperatures!.maxInBox(box, 640, 512)).toBeCloseTo(celsiusFromExiftool(hottest, tags), 6);
    let all = 0;
    for (const v of raw) all = Math.max(all, v);
    expect(reading!.maxC).toBeCloseTo(celsiusFromExiftool(all, tags), 1);
    expect(reading!.maxC!).toBeGreaterThan(reading!.centreC!);
  });

  it('gives each detection the hottest temperature in its box, as the detect stage stores it', async () => {
    const bytes = readFileSync(file);
    const meta = await readImageMeta(bytes);
    const { temperatures } = await readThermal(bytes, meta);
    const boxes = withTemperatures([{ class: 'fire', score: 0.9, bbox: [100, 50, 200, 120] }, { class: 'fire', score: 0.8, bbox: [700, 0, 10, 10] }], temperatures, meta);
    let hottest = 0;
    for (let y = 50; y < 170; y++) for (let x = 100; x < 300; x++) hottest = Math.max(hottest, raw[y * width + x]!);
    expect(boxes[0]!.maxTempC).toBe(Math.round(celsiusFromExiftool(hottest, tags) * 10) / 10);
    expect(boxes[1]!.maxTempC).toBeNull(); // outside the frame
    expect(withTemperatures(boxes, null, meta)).toBe(boxes);
  });

  it('names a damaged FLIR block in the reading instead of failing the photo', async () => {
    const bytes = new Uint8Array(readFileSync(file));
    // Cut the FFF header's magic in the first FLIR segment.
    const at = Buffer.from(bytes).indexOf(Buffer.from('FFF\0', 'latin1'));
    bytes[at] = 0x58;
    const { reading, temperatures } = await readThermal(bytes, { thermalData: 'flir', band: 'thermal' });
    expect(temperatures).toBeNull();
    expect(reading).toEqual({ centreC: null, maxC: null, note: expect.stringContaining('FFF header') });
  });
});
