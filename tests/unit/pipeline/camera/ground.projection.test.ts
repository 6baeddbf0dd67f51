import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeCamera, type Intrinsics } from '../../../../core/pipeline/camera/camera.model.ts';
import { groundToPixel, pixelToGround } from '../../../../core/pipeline/camera/ground.projection.ts';
import { localFrame, metresPerDegree } from '../../../../core/pipeline/camera/local-frame.geo.ts';

// A camera with round numbers so results can be worked out by hand: 4000 x 3000 px, f = 2000 px.
const K: Intrinsics = { width: 4000, height: 3000, fx: 2000, fy: 2000, cx: 2000, cy: 1500, source: 'focal35' };
const LAT = 37.5;
const LON = 118.5;

const offsetM = (lon: number, lat: number): [number, number] => localFrame(LON, LAT).toEN(lon, lat);

describe('metresPerDegree', () => {
  it('matches the textbook WGS84 values at 37.5 N', () => {
    // Independent: meridian arc ~ 111,000 m/deg at mid latitudes (110,574 at the equator, 111,694 at the pole);
    // a degree of longitude ~ 111,320 * cos(37.5 deg) = 88,315 m on a sphere, a little more on the ellipsoid.
    const { mPerDegLat, mPerDegLon } = metresPerDegree(37.5);
    expect(mPerDegLat).toBeGreaterThan(110_950);
    expect(mPerDegLat).toBeLessThan(111_050);
    expect(mPerDegLon).toBeGreaterThan(88_300);
    expect(mPerDegLon).toBeLessThan(88_450);
  });
});

describe('pixelToGround: nadir', () => {
  const cam = makeCamera(K, { lat: LAT, lon: LON, heightM: 100, yawDeg: 0, pitchDeg: -90, rollDeg: 0 });

  it('puts the image centre straight below the camera', () => {
    const hit = pixelToGround(cam, 2000, 1500)!;
    const [e, n] = offsetM(hit.lon, hit.lat);
    expect(Math.hypot(e, n)).toBeLessThan(1e-6);
    expect(hit.rangeM).toBeCloseTo(100, 9);
  });

  it('maps 1000 px right of centre to 50 m east when the image top faces north', () => {
    // 1000 px / 2000 px * 100 m = 50 m; image right is east when the top faces north.
    const [e, n] = offsetM(pixelToGround(cam, 3000, 1500)!.lon, pixelToGround(cam, 3000, 1500)!.lat);
    expect(e).toBeCloseTo(50, 6);
    expect(n).toBeCloseTo(0, 6);
  });

  it('maps the top-left corner to 100 m west, 75 m north', () => {
    // u=0: -2000/2000*100 = -100 m (west); v=0: 1500/2000*100 = 75 m toward the top (north).
    const hit = pixelToGround(cam, 0, 0)!;
    const [e, n] = offsetM(hit.lon, hit.lat);
    expect(e).toBeCloseTo(-100, 6);
    expect(n).toBeCloseTo(75, 6);
    // slant range sqrt(100^2+75^2+100^2) = 160.078
    expect(hit.rangeM).toBeCloseTo(160.078, 3);
  });

  it('turns the image with the yaw: at yaw 90 the top faces east and image right faces south', () => {
    const east = makeCamera(K, { lat: LAT, lon: LON, heightM: 100, yawDeg: 90, pitchDeg: -90, rollDeg: 0 });
    const right = pixelToGround(east, 3000, 1500)!;
    const [e1, n1] = offsetM(right.lon, right.lat);
    expect(e1).toBeCloseTo(0, 6);
    expect(n1).toBeCloseTo(-50, 6);
    const top = pixelToGround(east, 2000, 500)!;
    const [e2, n2] = offsetM(top.lon, top.lat);
    expect(e2).toBeCloseTo(50, 6);
    expect(n2).toBeCloseTo(0, 6);
  });

  it('uses the terrain hook: ground 20 m above take-off shortens the drop to 80 m', () => {
    const hit = pixelToGround(cam, 3000, 1500, { groundHeightAt: () => 20 })!;
    const [e] = offsetM(hit.lon, hit.lat);
    expect(e).toBeCloseTo(40, 6); // 1000/2000 * 80 m
    expect(hit.groundHeightM).toBe(20);
  });
});

describe('pixelToGround: oblique', () => {
  // Pitch -45 looking north from 100 m: the centre ray drops 1 m per metre forward.
  const cam = makeCamera(K, { lat: LAT, lon: LON, heightM: 100, yawDeg: 0, pitchDeg: -45, rollDeg: 0 });

  it('puts the image centre 100 m ahead', () => {
    const hit = pixelToGround(cam, 2000, 1500)!;
    const [e, n] = offsetM(hit.lon, hit.lat);
    expect(e).toBeCloseTo(0, 6);
    expect(n).toBeCloseTo(100, 6);
    expect(hit.offNadirDeg).toBeCloseTo(45, 9);
  });

  it('puts a row 15 deg above the centre at 100/tan(30 deg) = 173.2 m ahead', () => {
    const v = 1500 - 2000 * Math.tan((15 * Math.PI) / 180); // 15 deg above the optical axis
    const hit = pixelToGround(cam, 2000, v)!;
    const [, n] = offsetM(hit.lon, hit.lat);
    expect(n).toBeCloseTo(100 / Math.tan(Math.PI / 6), 4);
  });

  it('returns null above the horizon and beyond maxDistanceM', () => {
    const level = makeCamera(K, { lat: LAT, lon: LON, heightM: 100, yawDeg: 30, pitchDeg: -10, rollDeg: 0 });
    expect(pixelToGround(level, 2000, 0)).toBeNull(); // 36.9 deg half-FOV > 10 deg pitch: above horizon
    // centre: 100 / tan(10 deg) = 567 m away
    expect(pixelToGround(level, 2000, 1500, { maxDistanceM: 500 })).toBeNull();
    expect(pixelToGround(level, 2000, 1500, { maxDistanceM: 600 })!.rangeM).toBeCloseTo(100 / Math.sin(Math.PI / 18), 6);
  });

  it('rolls about the optical axis: the centre stays, image right turns (right side down)', () => {
    const rolled = makeCamera(K, { lat: LAT, lon: LON, heightM: 100, yawDeg: 0, pitchDeg: -90, rollDeg: 10 });
    const centre = pixelToGround(rolled, 2000, 1500)!;
    expect(Math.hypot(...offsetM(centre.lon, centre.lat))).toBeLessThan(1e-6);
    // image right = cos10 * east + sin10 * (image down = south): 50 m along it is (49.24 E, -8.68 N)
    const hit = pixelToGround(rolled, 3000, 1500)!;
    const [e, n] = offsetM(hit.lon, hit.lat);
    expect(e).toBeCloseTo(50 * Math.cos(Math.PI / 18), 4);
    expect(n).toBeCloseTo(-50 * Math.sin(Math.PI / 18), 4);
    // looking at the horizon, right side down means image right points below the horizon
    const level = makeCamera(K, { lat: LAT, lon: LON, heightM: 100, yawDeg: 0, pitchDeg: 0, rollDeg: 10 });
    expect(level.right[2]).toBeCloseTo(-Math.sin(Math.PI / 18), 9);
  });
});

describe('round trips', () => {
  const pose = fc.record({
    heightM: fc.double({ min: 10, max: 200, noNaN: true }),
    yawDeg: fc.double({ min: -180, max: 180, noNaN: true }),
    pitchDeg: fc.double({ min: -90, max: -30, noNaN: true }),
    rollDeg: fc.double({ min: -5, max: 5, noNaN: true }),
  });

  it('pixel -> ground -> pixel returns the pixel', () => {
    fc.assert(
      fc.property(pose, fc.double({ min: 0, max: 4000, noNaN: true }), fc.double({ min: 0, max: 3000, noNaN: true }), (p, u, v) => {
        const cam = makeCamera(K, { lat: LAT, lon: LON, ...p });
        const hit = pixelToGround(cam, u, v, { maxDistanceM: 5000 });
        fc.pre(hit !== null);
        const back = groundToPixel(cam, hit!.lon, hit!.lat)!;
        expect(Math.abs(back[0] - u)).toBeLessThan(1e-5);
        expect(Math.abs(back[1] - v)).toBeLessThan(1e-5);
      }),
      { numRuns: 300 },
    );
  });

  it('ground -> pixel -> ground returns the ground point', () => {
    fc.assert(
      fc.property(pose, fc.double({ min: -300, max: 300, noNaN: true }), fc.double({ min: -300, max: 300, noNaN: true }), (p, e, n) => {
        const cam = makeCamera(K, { lat: LAT, lon: LON, ...p });
        const [lon, lat] = localFrame(LON, LAT).toLonLat(e, n);
        const px = groundToPixel(cam, lon, lat);
        fc.pre(px !== null);
        const hit = pixelToGround(cam, px![0], px![1], { maxDistanceM: 1e6 });
        expect(hit).not.toBeNull();
        const [e2, n2] = offsetM(hit!.lon, hit!.lat);
        expect(Math.hypot(e2 - e, n2 - n)).toBeLessThan(1e-4);
      }),
      { numRuns: 300 },
    );
  });
});
