/**
 * Zone lookups per second: 10,000 zones, 100,000 points, through the flatbush index, against a plain loop
 * of Turf booleanPointInPolygon over every zone on a sample of the points (the answers must agree).
 * Prints JSON lines. Run: `npx tsx bench/zone-lookup.bench.ts` (targets: >= 1e6 lookups/s, >= 1000x the loop).
 */
import { booleanPointInPolygon, circle, point } from '@turf/turf';
import { buildZoneIndex } from '../core/pipeline/geofence/zone.index.ts';
import type { Zone } from '../core/pipeline/geofence/zone.types.ts';
import { ZONE_KINDS } from '../core/domain.ts';

/** Deterministic PRNG (mulberry32) so every run measures the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Dongying's extent, roughly.
const BOX = { minLon: 118.0, minLat: 36.9, maxLon: 119.2, maxLat: 38.1 };

export interface BenchOptions {
  zones?: number;
  points?: number;
  sample?: number;
}

/** Runs the benchmark and returns its result lines. */
export function runZoneLookupBench(opts: BenchOptions = {}): Record<string, unknown>[] {
  const nZones = opts.zones ?? 10_000;
  const nPoints = opts.points ?? 100_000;
  const nSample = opts.sample ?? 200;
  const rand = rng(42);
  const zones: Zone[] = [];
  for (let i = 0; i < nZones; i++) {
    const c = [BOX.minLon + rand() * (BOX.maxLon - BOX.minLon), BOX.minLat + rand() * (BOX.maxLat - BOX.minLat)];
    const g = circle(c, 100 + rand() * 1900, { units: 'meters', steps: 24 }).geometry;
    const kind = ZONE_KINDS[i % ZONE_KINDS.length]!;
    zones.push({ type: 'Feature', id: `z${i}`, properties: { id: `z${i}`, kind, name: `zone ${i}` }, geometry: g });
  }
  // Half the points near zone centres (hits), half anywhere (mostly misses).
  const xs = new Float64Array(nPoints);
  const ys = new Float64Array(nPoints);
  for (let i = 0; i < nPoints; i++) {
    if (i % 2 === 0) {
      const ring = zones[Math.floor(rand() * nZones)]!.geometry.coordinates[0] as number[][];
      const a = ring[0]!;
      const b = ring[12]!;
      const t = 0.05 + 0.9 * rand();
      xs[i] = a[0]! + (b[0]! - a[0]!) * t;
      ys[i] = a[1]! + (b[1]! - a[1]!) * t;
    } else {
      xs[i] = BOX.minLon + rand() * (BOX.maxLon - BOX.minLon);
      ys[i] = BOX.minLat + rand() * (BOX.maxLat - BOX.minLat);
    }
  }

  const tb = performance.now();
  const index = buildZoneIndex(zones);
  const buildMs = performance.now() - tb;

  // Wall time and this process's CPU time: on a shared machine the CPU-time rate is the fairer figure.
  let best = Infinity;
  let bestCpu = Infinity;
  let hits = 0;
  for (let rep = 0; rep < 5; rep++) {
    hits = 0;
    const c = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < nPoints; i++) hits += index.zonesAt(xs[i]!, ys[i]!).length;
    best = Math.min(best, performance.now() - t);
    const used = process.cpuUsage(c);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  const indexRate = nPoints / (best / 1000);
  const indexCpuRate = nPoints / (Math.max(bestCpu, 1e-3) / 1000);

  const step = Math.max(1, Math.floor(nPoints / nSample));
  let mismatches = 0;
  let loopMs = 0;
  let sampled = 0;
  for (let i = 0; i < nPoints && sampled < nSample; i += step, sampled++) {
    const t = performance.now();
    const pt = point([xs[i]!, ys[i]!]);
    const expected: string[] = [];
    for (const z of zones) if (booleanPointInPolygon(pt, z)) expected.push(z.id);
    loopMs += performance.now() - t;
    const got = index.zonesAt(xs[i]!, ys[i]!).map((z) => z.id);
    if (got.join() !== expected.join()) mismatches++;
  }
  const loopRate = sampled / (loopMs / 1000);

  return [
    { bench: 'zone-lookup', metric: 'build_ms', zones: nZones, value: Number(buildMs.toFixed(1)) },
    { bench: 'zone-lookup', metric: 'index_lookups_per_s', zones: nZones, points: nPoints, hits, value: Math.round(indexRate), target: 1_000_000, ok: indexRate >= 1_000_000 },
    { bench: 'zone-lookup', metric: 'index_lookups_per_cpu_s', zones: nZones, points: nPoints, value: Math.round(indexCpuRate), target: 1_000_000, ok: indexCpuRate >= 1_000_000 },
    { bench: 'zone-lookup', metric: 'turf_loop_lookups_per_s', zones: nZones, points: sampled, value: Number(loopRate.toFixed(1)) },
    { bench: 'zone-lookup', metric: 'speedup_vs_turf_loop', value: Math.round(indexRate / loopRate), target: 1000, ok: indexRate / loopRate >= 1000 },
    { bench: 'zone-lookup', metric: 'sample_mismatches', points: sampled, value: mismatches, ok: mismatches === 0 },
  ];
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const line of runZoneLookupBench()) console.log(JSON.stringify(line));
}
