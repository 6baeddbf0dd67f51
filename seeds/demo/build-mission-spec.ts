/**
 * Builds seeds/demo/mission-spec.json from the plan: for a photo with hazards, the drone pose is found by
 * inverting the camera model (the hazard's pixel ray, cast from a camera at the origin, lands at some
 * offset; the drone stands at the target minus that offset). The spec also carries what
 * models/training/make_scene.py needs: photos [{file, width, height, seed, hazards: [{class, cx, cy,
 * size_px}], background}].
 *   npx tsx seeds/demo/build-mission-spec.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { intrinsicsFromMeta, makeCamera } from '../../core/pipeline/camera/camera.model.ts';
import { pixelToGround } from '../../core/pipeline/camera/ground.projection.ts';
import { distanceM, localFrame } from '../../core/pipeline/camera/local-frame.geo.ts';
import { MISSION, PLAN, type PlannedHazard } from './mission-plan.ts';

export interface SpecHazard {
  class: string;
  cx: number;
  cy: number;
  size_px: number;
  /** Pixel box [x, y, w, h] as a detector would report it. */
  bbox: [number, number, number, number];
  intended: { lon: number; lat: number; zoneKind: string; ruleId: string };
}

export interface SpecPhoto {
  file: string;
  width: number;
  height: number;
  seed: number;
  background: string;
  /** Pixels per metre of ground at the image centre (make_scene.py scales its scenery with it). */
  ppm: number;
  /** JPEG quality for make_scene.py. */
  quality: number;
  hazards: SpecHazard[];
  pose: {
    capturedAt: string;
    lat: number;
    lon: number;
    absAlt: number;
    relAlt: number;
    gimbalPitch: number;
    gimbalYaw: number;
    gimbalRoll: number;
    flightYaw: number;
  };
}

export interface MissionSpec {
  mission: typeof MISSION;
  photos: SpecPhoto[];
}

const intrinsics = () =>
  intrinsicsFromMeta({ width: MISSION.width, height: MISSION.height, focalLength: MISSION.focalLength, focal35: MISSION.focal35, model: MISSION.droneModel })!;

/** Where the drone must be so that the hazard's pixel looks at the hazard. */
function poseForHazard(h: PlannedHazard, relAlt: number, yaw: number, pitch: number): { lon: number; lat: number } {
  const cam = makeCamera(intrinsics(), { lon: h.lon, lat: h.lat, heightM: relAlt, yawDeg: yaw, pitchDeg: pitch, rollDeg: 0 });
  const hit = pixelToGround(cam, h.u, h.v);
  if (!hit) throw new Error(`hazard pixel (${h.u}, ${h.v}) does not see the ground`);
  const [lon, lat] = localFrame(h.lon, h.lat).toLonLat(-hit.east, -hit.north);
  return { lon, lat };
}

/** Cruise speed between photos, m/s. */
export const CRUISE_MS = 12;

const round = (x: number, d: number): number => Number(x.toFixed(d));

/** The spec (pure). */
export function buildMissionSpec(): MissionSpec {
  const k = intrinsics();
  // Times follow the path: 30 s to climb, then 12 m/s between shots, at least 10 s apart.
  let t = Date.parse(MISSION.startUtc) + 30_000;
  let prev = { lon: MISSION.takeoff.lon, lat: MISSION.takeoff.lat };
  const photos = PLAN.map((p, i): SpecPhoto => {
    const first = p.hazards[0];
    const at = first ? poseForHazard(first, p.relAlt, p.yaw, p.pitch) : { lon: p.lon!, lat: p.lat! };
    t += Math.ceil(Math.max(10, distanceM(prev.lon, prev.lat, at.lon, at.lat) / CRUISE_MS)) * 1000;
    prev = at;
    // the aircraft flies a few degrees off the gimbal's heading, as real ones do in wind
    const flightYaw = ((p.yaw + 3 + 180) % 360) - 180;
    const pose = {
      capturedAt: new Date(t).toISOString(),
      lat: round(at.lat, 8),
      lon: round(at.lon, 8),
      absAlt: round(MISSION.takeoff.absAlt + p.relAlt, 3),
      relAlt: p.relAlt,
      gimbalPitch: p.pitch,
      gimbalYaw: ((p.yaw + 180) % 360) - 180,
      gimbalRoll: 0,
      flightYaw,
    };
    const hazards = p.hazards.map((h): SpecHazard => {
      // size in pixels from the ground sampling distance along the ray (range / focal length)
      const cam = makeCamera(k, { lon: pose.lon, lat: pose.lat, heightM: p.relAlt, yawDeg: p.yaw, pitchDeg: p.pitch, rollDeg: 0 });
      const range = pixelToGround(cam, h.u, h.v)!.rangeM;
      const size = Math.round((h.sizeM * k.fx) / range);
      return {
        class: h.class,
        cx: h.u,
        cy: h.v,
        size_px: size,
        bbox: [Math.round(h.u - size / 2), Math.round(h.v - size / 2), size, size],
        intended: { lon: h.lon, lat: h.lat, zoneKind: h.expectZoneKind, ruleId: h.expectRuleId },
      };
    });
    // DJI names files by local time (China, UTC+8): DJI_YYYYMMDDHHMMSS_NNNN_V.JPG
    const local = new Date(Date.parse(pose.capturedAt) + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const centre = pixelToGround(makeCamera(k, { lon: pose.lon, lat: pose.lat, heightM: p.relAlt, yawDeg: p.yaw, pitchDeg: p.pitch, rollDeg: 0 }), k.cx, k.cy)!;
    return {
      file: `DJI_${local}_${String(i + 1).padStart(4, '0')}_V.JPG`,
      width: MISSION.width,
      height: MISSION.height,
      seed: 1000 + i,
      background: p.background,
      ppm: round(k.fx / centre.rangeM, 2),
      quality: 85,
      hazards,
      pose,
    };
  });
  return { mission: MISSION, photos };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const out = path.join(import.meta.dirname, 'mission-spec.json');
  writeFileSync(out, JSON.stringify(buildMissionSpec(), null, 1) + '\n');
  console.log(JSON.stringify({ wrote: out }));
}
