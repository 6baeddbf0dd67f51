/**
 * Golden values for every real photo in realdata/images, with exiftool as the independent oracle:
 * `exiftool -n -json` is run on each file in the test. Where exiftool is absent the oracle assertions are
 * skipped with a notice (and fail under CI, where it must be installed).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { readImageMeta } from '../../../../core/pipeline/metadata/read-image-meta.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';
import { hasTool } from '../../../helpers/optional-tools.ts';

const hasExiftool = hasTool('exiftool');

const FOLDERS = ['dji_rgb', 'dji_thermal', 'other_drones'];
type Oracle = Record<string, string | number | undefined>;
const n = (v: unknown): number | null => (v === undefined || v === null || v === '' ? null : Number(v));

describeRealdata('readImageMeta on every real photo, against exiftool', () => {
  const files = FOLDERS.flatMap((d) => {
    try {
      return readdirSync(realdata('images', d)).filter((f) => /\.(jpe?g)$/i.test(f)).map((f) => realdata('images', d, f));
    } catch {
      return [];
    }
  });
  const oracle = new Map<string, Oracle>();
  beforeAll(() => {
    if (!hasExiftool) return;
    const out = JSON.parse(execFileSync('exiftool', ['-n', '-json', ...files], { maxBuffer: 64 << 20 }).toString()) as Oracle[];
    for (const o of out) oracle.set(String(o.SourceFile), o);
  });

  it('finds the nine photos', () => expect(files.length).toBeGreaterThanOrEqual(9));

  it.skipIf(!hasExiftool).each(FOLDERS.flatMap((d) => readdirSync(realdata('images', d)).filter((f) => /\.jpe?g$/i.test(f)).map((f) => [`${d}/${f}`])))(
    '%s matches exiftool',
    async (rel) => {
      const file = realdata('images', rel);
      const o = oracle.get(file)!;
      expect(o, `exiftool output for ${rel}`).toBeDefined();
      const m = await readImageMeta(readFileSync(file));
      // Position: DJI XMP GpsLatitude/GpsLongitude where present (exiftool names them so), else EXIF GPS.
      const lat = n(o.GpsLatitude ?? o.GPSLatitude);
      const lon = n(o.GpsLongitude ?? o.GpsLongtitude ?? o.GPSLongitude);
      if (lat === null) expect(m.lat).toBeNull();
      else {
        expect(m.lat).toBeCloseTo(lat, 6);
        expect(m.lon).toBeCloseTo(lon!, 6);
      }
      // exiftool folds XMP GpsLatitude into GPSLatitude, so it cannot tell XMP from EXIF here; only 'none' is checked.
      if (lat === null) expect(m.positionSource).toBe('none');
      else expect(['xmp', 'exif']).toContain(m.positionSource);
      const absAlt = n(o.AbsoluteAltitude ?? o.GPSAltitude);
      if (absAlt === null) expect(m.absAlt).toBeNull();
      else expect(m.absAlt).toBeCloseTo(absAlt, 2);
      expect(m.relAlt).toBe(n(o.RelativeAltitude));
      // Attitude: XMP degrees, else the DJI maker note (CameraPitch/... and Pitch/Yaw/Roll) for DJI bodies.
      const dji = o.Make === 'DJI';
      const pairs: [number | null, unknown][] = [
        [m.gimbalPitch, o.GimbalPitchDegree ?? (dji ? o.CameraPitch : undefined)],
        [m.gimbalYaw, o.GimbalYawDegree ?? (dji ? o.CameraYaw : undefined)],
        [m.gimbalRoll, o.GimbalRollDegree ?? (dji ? o.CameraRoll : undefined)],
        [m.flightYaw, o.FlightYawDegree ?? (dji ? o.Yaw : undefined)],
        [m.flightPitch, o.FlightPitchDegree ?? (dji ? o.Pitch : undefined)],
        [m.flightRoll, o.FlightRollDegree ?? (dji ? o.Roll : undefined)],
      ];
      for (const [got, want] of pairs) {
        if (n(want) === null) expect(got).toBeNull();
        else expect(got).toBeCloseTo(n(want)!, 4);
      }
      expect(m.make).toBe(o.Make ?? null);
      expect(m.model).toBe(o.Model ?? null);
      expect(m.width).toBe(n(o.ImageWidth));
      expect(m.height).toBe(n(o.ImageHeight));
      expect(m.focalLength).toBe(n(o.FocalLength));
      expect(m.focal35).toBe(n(o.FocalLengthIn35mmFormat) || null);
      if (o.LRFTargetLat !== undefined) {
        expect(m.lrfTarget?.lat).toBeCloseTo(n(o.LRFTargetLat)!, 7);
        expect(m.lrfTarget?.lon).toBeCloseTo(n(o.LRFTargetLon)!, 7);
        expect(m.lrfTarget?.absAlt).toBeCloseTo(n(o.LRFTargetAbsAlt)!, 3);
        expect(m.lrfTarget?.distance).toBeCloseTo(n(o.LRFTargetDistance)!, 3);
      } else expect(m.lrfTarget).toBeNull();
      // Time: UTCAtExposure is UTC; else DateTimeOriginal is a zone-less local wall clock.
      if (o.UTCAtExposure !== undefined) {
        const [d, t] = String(o.UTCAtExposure).split(' ');
        expect(m.capturedAt).toBe(`${d!.replaceAll(':', '-')}T${t!.slice(0, 12)}Z`);
        expect(m.timeIsUtc).toBe(true);
      } else if (o.DateTimeOriginal !== undefined && !m.timeIsUtc) {
        // To the second: exiftool may take it from a FLIR block with milliseconds and an offset (XT2),
        // where the EXIF sub-seconds the reader uses differ by a millisecond.
        const [d, t] = String(o.DateTimeOriginal).split(' ');
        expect(m.capturedAt!.slice(0, 19)).toBe(`${d!.replaceAll(':', '-')}T${t!.slice(0, 8)}`);
      }
    },
  );
});

describeRealdata('readImageMeta edge cases', () => {
  const read = (rel: string) => readImageMeta(readFileSync(realdata('images', rel)));

  it('M4TD: uav.com drone-dji namespace is read, UTCAtExposure is UTC', async () => {
    const m = await read('dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg');
    expect(m.positionSource).toBe('xmp');
    expect(m.gimbalPitch).toBe(-90);
    expect(m.capturedAt).toBe('2025-04-24T17:30:17.428Z'); // UTCAtExposure 2025-04-24T17:30:17.428366
    expect(m.timeIsUtc).toBe(true);
  });

  it('Mavic 3: XMP hidden in the EXIF block is found; negative absolute altitude kept', async () => {
    const m = await read('dji_rgb/xmpgem_dji-mavic-3_L2D-20c.jpg');
    expect(m.relAlt).toBe(10.5);
    expect(m.absAlt).toBe(-62.394);
    // xmp:CreateDate "2023-08-16T12:40:41+02:00" equals DateTimeOriginal's wall clock: 10:40:41 UTC.
    expect(m.capturedAt).toBe('2023-08-16T10:40:41.000Z');
    expect(m.timeIsUtc).toBe(true);
  });

  it('XMP-only file: position and make/model from XMP, no time', async () => {
    const m = await read('dji_rgb/xmpgem_dji_mavic_jpg_mode.jpg');
    expect([m.lat, m.lon, m.make, m.model]).toEqual([52.9157605, 5.4491625, 'DJI', 'Test_Pro']);
    expect(m.capturedAt).toBeNull();
  });

  it('Inspire 1: attitude from the DJI maker note; pixel size from the frame, not stale EXIF', async () => {
    const m = await read('dji_rgb/odm_2016_DJI_0061_FC350_Inspire1.JPG');
    expect(m.gimbalPitch).toBeCloseTo(-89.9, 4);
    expect(m.flightYaw).toBeCloseTo(-87.9, 4);
    expect([m.width, m.height]).toEqual([2400, 1800]); // EXIF says 1800x2400
    expect(m.timeIsUtc).toBe(false);
  });

  it('M3TD thermal with GPS stripped: stored as "no position"', async () => {
    const m = await read('dji_thermal/thermalparser_M3TD_DJI_0001_R.JPG');
    expect(m.positionSource).toBe('none');
    expect([m.lat, m.lon]).toEqual([null, null]);
    expect(m.capturedAt).toBe('2024-04-08T17:08:35.000Z');
  });
});
