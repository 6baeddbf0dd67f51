// The committed demo photos carry the poses of mission-spec.json, read back with exiftool (an independent reader).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { distanceM } from '../../../core/pipeline/camera/local-frame.geo.ts';
import type { MissionSpec } from '../../../seeds/demo/build-mission-spec.ts';
import { itWithExiftool } from '../../helpers/optional-tools.ts';

const dir = path.join(import.meta.dirname, '../../../seeds/demo/photos');
const spec = JSON.parse(readFileSync(path.join(dir, '../mission-spec.json'), 'utf8')) as MissionSpec;
const files = spec.photos.map((p) => path.join(dir, p.file));

it('are all there, 2000 x 1500, under 6 MB together', () => {
  const total = files.reduce((s, f) => s + statSync(f).size, 0);
  expect(total).toBeLessThan(6 * 1024 * 1024);
});

itWithExiftool('read back with exiftool: EXIF GPS and time, DJI XMP pose', () => {
  const tags = JSON.parse(execFileSync('exiftool', ['-n', '-json', '-G1', ...files], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Record<string, unknown>[];
  expect(tags).toHaveLength(spec.photos.length);
  spec.photos.forEach((p, i) => {
    const t = tags[i]!;
    const o = p.pose;
    expect(t['File:ImageWidth']).toBe(p.width);
    expect(t['File:ImageHeight']).toBe(p.height);
    expect(t['IFD0:Make']).toBe('DJI');
    expect(t['IFD0:Model']).toBe(spec.mission.droneModel);
    // EXIF GPS, rationals of 0.0001": within 1 cm of the pose
    expect(distanceM(Number(t['GPS:GPSLongitude']), Number(t['GPS:GPSLatitude']), o.lon, o.lat)).toBeLessThan(0.01);
    expect(t['GPS:GPSAltitude']).toBeCloseTo(o.absAlt, 3);
    // local time (UTC+8) with its offset
    const local = new Date(Date.parse(o.capturedAt) + 8 * 3600_000).toISOString().slice(0, 19).replace(/-/g, ':').replace('T', ' ');
    expect(t['ExifIFD:DateTimeOriginal']).toBe(local);
    expect(t['ExifIFD:OffsetTimeOriginal']).toBe('+08:00');
    expect(t['ExifIFD:FocalLength']).toBe(spec.mission.focalLength);
    expect(t['ExifIFD:FocalLengthIn35mmFormat']).toBe(spec.mission.focal35);
    // XMP drone-dji
    expect(Number(t['XMP-drone-dji:GPSLatitude'])).toBeCloseTo(o.lat, 8);
    expect(Number(t['XMP-drone-dji:GPSLongitude'])).toBeCloseTo(o.lon, 8);
    expect(Number(t['XMP-drone-dji:RelativeAltitude'])).toBe(o.relAlt);
    expect(Number(t['XMP-drone-dji:AbsoluteAltitude'])).toBeCloseTo(o.absAlt, 3);
    expect(Number(t['XMP-drone-dji:GimbalPitchDegree'])).toBe(o.gimbalPitch);
    expect(Number(t['XMP-drone-dji:GimbalYawDegree'])).toBe(o.gimbalYaw);
    expect(Number(t['XMP-drone-dji:GimbalRollDegree'])).toBe(o.gimbalRoll);
    expect(Number(t['XMP-drone-dji:FlightYawDegree'])).toBe(o.flightYaw);
  });
});
