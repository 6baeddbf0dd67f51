/**
 * Writes seeds/demo/flight-log.csv: an Airdata-style CSV (the columns Airdata exports that matter here:
 * time, UTC datetime, position, heights in feet, heading, gimbal, isPhoto) sampled at 1 Hz, matching the
 * photos of mission-spec.json: take-off from the dock, a straight leg to each photo position (the sample at
 * a photo's time is its pose exactly), then back to the dock.
 *   npx tsx seeds/demo/build-flight-log.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MissionSpec } from './build-mission-spec.ts';

const FEET = 0.3048;
const HEADER = 'time(millisecond),datetime(utc),latitude,longitude,height_above_takeoff(feet),altitude_above_seaLevel(feet),speed(mph),compass_heading(degrees),isPhoto,gimbal_heading(degrees),gimbal_pitch(degrees)';

interface Key {
  t: number;
  lat: number;
  lon: number;
  rel: number;
  heading: number;
  gimbalYaw: number;
  gimbalPitch: number;
  photo: boolean;
}

/** The CSV text (pure). */
export function buildFlightLogCsv(spec: MissionSpec): string {
  const { takeoff, startUtc } = spec.mission;
  const t0 = Date.parse(startUtc);
  const first = spec.photos[0]!.pose;
  const last = spec.photos[spec.photos.length - 1]!.pose;
  const keys: Key[] = [
    { t: t0, lat: takeoff.lat, lon: takeoff.lon, rel: 0, heading: first.flightYaw, gimbalYaw: first.flightYaw, gimbalPitch: 0, photo: false },
    { t: t0 + 15_000, lat: takeoff.lat, lon: takeoff.lon, rel: first.relAlt, heading: first.flightYaw, gimbalYaw: first.flightYaw, gimbalPitch: -90, photo: false },
    ...spec.photos.map((p) => ({ t: Date.parse(p.pose.capturedAt), lat: p.pose.lat, lon: p.pose.lon, rel: p.pose.relAlt, heading: p.pose.flightYaw, gimbalYaw: p.pose.gimbalYaw, gimbalPitch: p.pose.gimbalPitch, photo: true })),
  ];
  const back = Date.parse(last.capturedAt) + 60_000;
  keys.push({ t: back, lat: takeoff.lat, lon: takeoff.lon, rel: last.relAlt, heading: last.flightYaw, gimbalYaw: last.flightYaw, gimbalPitch: -90, photo: false });
  keys.push({ t: back + 20_000, lat: takeoff.lat, lon: takeoff.lon, rel: 0, heading: last.flightYaw, gimbalYaw: last.flightYaw, gimbalPitch: 0, photo: false });

  const lines = [HEADER];
  for (let t = t0, k = 0; t <= keys[keys.length - 1]!.t; t += 1000) {
    while (k + 1 < keys.length && keys[k + 1]!.t <= t) k++;
    const a = keys[k]!;
    const b = keys[Math.min(k + 1, keys.length - 1)]!;
    const f = b.t > a.t ? (t - a.t) / (b.t - a.t) : 0;
    const lerp = (x: number, y: number): number => x + (y - x) * f;
    const distM = Math.hypot((b.lat - a.lat) * 111_000, (b.lon - a.lon) * 111_000 * Math.cos((a.lat * Math.PI) / 180));
    const speedMph = b.t > a.t ? distM / ((b.t - a.t) / 1000) / 0.44704 : 0;
    const rel = lerp(a.rel, b.rel);
    const dt = new Date(t).toISOString().replace('T', ' ').slice(0, 19);
    const atKey = f === 0;
    lines.push(
      [
        t - t0,
        dt,
        lerp(a.lat, b.lat).toFixed(8),
        lerp(a.lon, b.lon).toFixed(8),
        (rel / FEET).toFixed(3),
        ((takeoff.absAlt + rel) / FEET).toFixed(3),
        speedMph.toFixed(2),
        (atKey ? a.heading : b.heading).toFixed(1),
        atKey && a.photo ? 1 : 0,
        (atKey ? a.gimbalYaw : b.gimbalYaw).toFixed(1),
        (atKey ? a.gimbalPitch : b.gimbalPitch).toFixed(1),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const spec = JSON.parse(readFileSync(path.join(import.meta.dirname, 'mission-spec.json'), 'utf8')) as MissionSpec;
  const out = path.join(import.meta.dirname, 'flight-log.csv');
  writeFileSync(out, buildFlightLogCsv(spec));
  console.log(JSON.stringify({ wrote: out }));
}
