import { area, booleanValid, kinks } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { ImageMeta } from '../../../../core/domain.ts';
import { cameraFromMeta, identifyCamera, intrinsicsFromMeta, makeCamera, type Intrinsics } from '../../../../core/pipeline/camera/camera.model.ts';
import { placeDetection, placeDetections, uncertaintyRadiusM } from '../../../../core/pipeline/camera/detection.placement.ts';
import { imageFootprint } from '../../../../core/pipeline/camera/footprint.projection.ts';
import { distanceM } from '../../../../core/pipeline/camera/local-frame.geo.ts';

const K: Intrinsics = { width: 4000, height: 3000, fx: 2000, fy: 2000, cx: 2000, cy: 1500, source: 'focal35' };
const at = { lat: 37.5, lon: 118.5 };

describe('imageFootprint', () => {
  it('is the 200 m x 150 m rectangle of a nadir photo from 100 m', () => {
    // 4000 px / 2000 px * 100 m = 200 m wide, 3000/2000*100 = 150 m tall: 30,000 m^2
    const fp = imageFootprint(makeCamera(K, { ...at, heightM: 100, yawDeg: 37, pitchDeg: -90, rollDeg: 0 }))!;
    expect(Math.abs(area(fp) / 30_000 - 1)).toBeLessThan(0.005);
    expect(kinks(fp).features).toHaveLength(0);
  });

  it('caps an oblique photo that sees the horizon at maxDistanceM', () => {
    const cam = makeCamera(K, { ...at, heightM: 100, yawDeg: 0, pitchDeg: -10, rollDeg: 0 });
    const fp = imageFootprint(cam, { maxDistanceM: 400 })!;
    expect(booleanValid(fp)).toBe(true);
    const far = Math.max(...fp.coordinates[0]!.map(([lon, lat]) => distanceM(at.lon, at.lat, lon!, lat!)));
    expect(far).toBeLessThanOrEqual(400 + 1e-6);
    expect(far).toBeGreaterThan(399);
    // the near edge (bottom row, 10 + 36.87 = 46.87 deg below the horizon) is 100/tan(46.87 deg) = 93.6 m ahead
    const near = Math.min(...fp.coordinates[0]!.map(([lon, lat]) => distanceM(at.lon, at.lat, lon!, lat!)));
    expect(near).toBeCloseTo(93.6, 0);
  });

  it('is counter-clockwise (RFC 7946) whatever the yaw', () => {
    for (const yawDeg of [0, 90, 200, -45]) {
      const ring = imageFootprint(makeCamera(K, { ...at, heightM: 80, yawDeg, pitchDeg: -60, rollDeg: 0 }))!.coordinates[0]!;
      let s = 0;
      for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
      expect(s).toBeGreaterThan(0);
    }
  });
});

describe('uncertainty', () => {
  it('follows the documented model', () => {
    // nadir, 100 m: sqrt(2^2 + 0 + (100 * 1.5 deg in rad = 2.618)^2 + 0) = 3.295
    expect(uncertaintyRadiusM(100, 0)).toBeCloseTo(3.295, 3);
    // 60 deg off nadir, 100 m: tan = 1.732, 1/cos^2 = 4, d = 173.2 m
    // sqrt(4 + (3*1.732)^2=27 + (400*0.02618)^2=109.66 + (173.2*0.02618)^2=20.56) = 12.70
    expect(uncertaintyRadiusM(100, 60)).toBeCloseTo(12.7, 1);
  });

  it('grows with altitude and with obliqueness', () => {
    expect(uncertaintyRadiusM(120, 0)).toBeGreaterThan(uncertaintyRadiusM(60, 0));
    expect(uncertaintyRadiusM(100, 45)).toBeGreaterThan(uncertaintyRadiusM(100, 20));
  });
});

describe('placeDetection', () => {
  const cam = makeCamera(K, { ...at, heightM: 100, yawDeg: 0, pitchDeg: -90, rollDeg: 0 });

  it('places the box centre and keeps the detection fields', () => {
    // box centre (3000, 1500) -> 50 m east
    const g = placeDetection(cam, { class: 'fire', score: 0.9, bbox: [2950, 1450, 100, 100] });
    expect(g.class).toBe('fire');
    expect(g.score).toBe(0.9);
    expect(distanceM(at.lon, at.lat, g.lon!, g.lat!)).toBeCloseTo(50, 4);
    expect(g.uncertaintyM).toBeGreaterThan(3);
  });

  it('leaves positions null above the horizon or without a camera', () => {
    const level = makeCamera(K, { ...at, heightM: 100, yawDeg: 0, pitchDeg: -5, rollDeg: 0 });
    const g = placeDetection(level, { class: 'smoke', score: 0.5, bbox: [1900, 0, 200, 200] });
    expect([g.lat, g.lon, g.uncertaintyM]).toEqual([null, null, null]);
    expect(placeDetections(null, [{ class: 'fire', score: 1, bbox: [0, 0, 1, 1] }])[0]!.lat).toBeNull();
  });
});

describe('intrinsics and camera from metadata', () => {
  const base: ImageMeta = {
    capturedAt: null, lat: 37.5, lon: 118.5, absAlt: null, relAlt: 90, gimbalPitch: -90, gimbalYaw: 10, gimbalRoll: 0,
    flightYaw: 15, flightPitch: 0, flightRoll: 0, make: 'DJI', model: 'Unknown', width: 4000, height: 3000,
    focalLength: null, focal35: 24, lrfTarget: null, timeIsUtc: true, positionSource: 'xmp',
  };

  it('uses the 35 mm equivalent against the diagonal where the camera is not in the table', () => {
    // 24 / 43.267 * 5000 px diagonal = 2773.4 px
    const k = intrinsicsFromMeta(base)!;
    expect(k.source).toBe('focal35');
    expect(k.fx).toBeCloseTo(2773.4, 0);
  });

  it('falls back to the table for an Inspire 1 FC350 without EXIF focal values', () => {
    // 3.61 mm / 6.17 mm * 2400 px = 1404.2 px
    const k = intrinsicsFromMeta({ ...base, model: 'FC350', width: 2400, height: 1800, focal35: null })!;
    expect(k.source).toBe('sensor-table');
    expect(k.fx).toBeCloseTo(1404.2, 0);
  });

  it('adds aircraft yaw only for relative gimbal yaw, uses aircraft yaw without gimbal yaw, names what is missing', () => {
    expect(cameraFromMeta(base).camera!.pose.yawDeg).toBe(10);
    expect(cameraFromMeta(base, { gimbalYawRelative: true }).camera!.pose.yawDeg).toBe(25);
    expect(cameraFromMeta({ ...base, gimbalYaw: null }).camera!.pose.yawDeg).toBe(15);
    const r = cameraFromMeta({ ...base, lat: null, relAlt: null, gimbalPitch: null });
    expect(r.camera).toBeNull();
    expect(r.missing).toEqual(['position', 'relAlt', 'gimbalPitch']);
  });
});

describe('thermal and zoom payloads (camera-sensors.table.ts CAMERA_LENSES)', () => {
  const meta = { width: 640, height: 512, focal35: null, make: 'DJI' };
  it('places a FLIR XT2 frame by its 13 mm lens and 17 um pitch, with no 35 mm equivalent', () => {
    // 13 mm / (640 x 0.017 mm) x 640 px = 764.7 px: a 45.4 degree horizontal field, as FLIR's 13 mm spec says
    const k = intrinsicsFromMeta({ ...meta, model: 'FLIR', focalLength: 13 })!;
    expect(k.source).toBe('focal+sensor-table');
    expect(k.fx).toBeCloseTo(764.7, 0);
    expect((2 * Math.atan(320 / k.fx) * 180) / Math.PI).toBeCloseTo(45.4, 0);
  });
  it('tells the cameras of one payload apart: the M3TD IR core is not its wide camera', () => {
    // 9.1 mm / 7.68 mm x 640 = 758.3 px (the wide camera's sensor would give 606.7)
    expect(intrinsicsFromMeta({ ...meta, model: 'M3TD', focalLength: 9.1 })!.fx).toBeCloseTo(758.3, 0);
    expect(intrinsicsFromMeta({ ...meta, model: 'M3TD', focalLength: null, imageSource: 'InfraredCamera' })!.fx).toBeCloseTo(758.3, 0);
  });
  it('says why a FLIR frame without a focal length, or an unknown camera, cannot be placed', () => {
    expect(intrinsicsFromMeta({ ...meta, model: 'FLIR', focalLength: null })).toBeNull();
    const base2: ImageMeta = {
      capturedAt: null, lat: 37.5, lon: 118.5, absAlt: null, relAlt: 90, gimbalPitch: -90, gimbalYaw: 10, gimbalRoll: 0,
      flightYaw: 15, flightPitch: 0, flightRoll: 0, make: 'DJI', model: 'FLIR', width: 640, height: 512,
      focalLength: null, focal35: null, lrfTarget: null, timeIsUtc: true, positionSource: 'xmp',
    };
    expect(identifyCamera(base2).problem).toContain('interchangeable or zoom lens');
    expect(identifyCamera({ ...base2, make: 'Acme', model: 'X1' }).problem).toContain('camera "Acme X1" is not in the camera table');
    expect(identifyCamera({ ...base2, focalLength: 19 })).toEqual({ name: 'FLIR Zenmuse XT/XT2 640 (17 um)', inTable: true, intrinsics: 'focal+sensor-table', problem: null });
  });
});
