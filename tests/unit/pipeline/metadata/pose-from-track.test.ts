/** poseFromTrack / completeMetaFromTrack: interpolation by hand-computed values, and a real positionless photo. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Track } from '../../../../core/domain.ts';
import { completeMetaFromTrack, poseFromTrack } from '../../../../core/pipeline/metadata/pose-from-track.ts';
import { readImageMeta } from '../../../../core/pipeline/metadata/read-image-meta.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';

const T0 = Date.UTC(2024, 3, 8, 9, 8, 30); // 17:08:30 in China (UTC+8)
const p = (dt: number, lat: number, lon: number, heading: number, gimbalYaw: number) => ({
  t: T0 + dt, lat, lon, absAlt: 100 + dt / 1000, relAlt: 50, heading, gimbalPitch: -90, gimbalYaw,
});
const track: Track = {
  format: 'gpx',
  points: [p(0, 37.4, 118.5, 350, -170), p(4000, 37.4004, 118.5008, 10, 170), p(8000, 37.4008, 118.5016, 20, 170), p(20000, 37.401, 118.502, 20, 170)],
};

describe('poseFromTrack', () => {
  it('interpolates linearly: a quarter of the way from the first to the second sample', () => {
    const pose = poseFromTrack(track, T0 + 1000)!;
    expect(pose.lat).toBeCloseTo(37.4001, 9); // 37.4 + 0.25 * 0.0004
    expect(pose.lon).toBeCloseTo(118.5002, 9); // 118.5 + 0.25 * 0.0008
    expect(pose.absAlt).toBeCloseTo(101, 9); // 100 + 0.25 * 4
  });
  it('interpolates angles the short way round', () => {
    expect(poseFromTrack(track, T0 + 2000)!.heading).toBeCloseTo(0, 9); // halfway 350 -> 10 is 0, not 180
    expect(Math.abs(poseFromTrack(track, T0 + 2000)!.gimbalYaw!)).toBeCloseTo(180, 9); // halfway -170 -> 170
  });
  it('is null outside the track and inside a gap longer than maxGapMs', () => {
    expect(poseFromTrack(track, T0 - 1)).toBeNull();
    expect(poseFromTrack(track, T0 + 20001)).toBeNull();
    expect(poseFromTrack(track, T0 + 10000)).toBeNull(); // samples 12 s apart
    expect(poseFromTrack(track, T0 + 10000, 15000)).not.toBeNull();
  });
});

describeRealdata('completeMetaFromTrack with a real positionless photo (M3TD thermal, GPS stripped)', () => {
  const file = realdata('images/dji_thermal/thermalparser_M3TD_DJI_0001_R.JPG');
  it('takes the position from the log, reading the zone-less photo time as UTC+8 by default', async () => {
    const meta = await readImageMeta(readFileSync(file));
    expect(meta.positionSource).toBe('none');
    // DateTimeOriginal 2024:04:08 17:08:35 local = 09:08:35 UTC = T0 + 5 s: between samples 2 and 3.
    const done = completeMetaFromTrack(meta, track);
    expect(done.positionSource).toBe('flight-log');
    expect(done.lat).toBeCloseTo(37.4004 + 0.25 * 0.0004, 9);
    expect(done.flightYaw).toBeCloseTo(12.5, 9);
    expect(done.focal35).toBe(meta.focal35); // the photo's own values are kept
    expect(meta.positionSource).toBe('none'); // input not mutated
  });
  it('honours a caller-given offset, and stays "no position" when the log does not cover the photo', async () => {
    const meta = await readImageMeta(readFileSync(file));
    expect(completeMetaFromTrack(meta, track, { utcOffsetMin: 120 }).positionSource).toBe('none'); // 15:08:35 UTC: outside
    const local: Track = { ...track, timeBase: 'local', points: track.points.map((q) => ({ ...q, t: q.t + 8 * 3600_000 })) };
    expect(completeMetaFromTrack(meta, local).lat).toBeCloseTo(37.4005, 9); // both local clocks: no offset needed
    expect(completeMetaFromTrack(meta, { ...track, timeBase: 'none' }).positionSource).toBe('none');
  });
});
