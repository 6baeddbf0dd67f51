/**
 * What two abuse limits buy, measured side by side in one run (JSON lines):
 * 1. the longest event-loop stall while a 20,000-point GPX log is parsed on the API's thread versus in
 *    the parser thread (api/upload/flight-log.thread.ts): what /healthz waits in the worst case;
 * 2. time and resident-memory growth of an annotated copy of a 64 MP photo drawn at full size versus from
 *    the bounded decode (ANNOTATE_MAX_EDGE 2048 and 4096), each in a process of its own.
 * Run: `npx tsx bench/abuse-limits.bench.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { parseFlightLogInThread } from '../api/upload/flight-log.thread.ts';
import { parseFlightLog } from '../core/pipeline/flightlog/parse-flight-log.ts';
import { annotate } from '../models/inference/annotate.ts';
import { gpxTrack } from '../tests/abuse/helpers/abuse.harness.ts';

const line = (o: Record<string, unknown>) => console.log(JSON.stringify(o));

if (process.argv[2] === '--annotate') {
  const [photo, edge] = process.argv.slice(3);
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const detections = [{ class: 'fire', score: 0.9, bbox: [4000, 4000, 400, 300] }];
  const out = await annotate(photo!, detections as never, { maxEdge: Number(edge) || undefined, maxInputPixels: 1e9 });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const meta = await sharp(out).metadata();
  line({ ms: Math.round(ms), rssGrowthMb: Math.round((peak - rss0) / 1e6), output: `${meta.width}x${meta.height}` });
  process.exit(0);
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-abuse-'));

async function stall(what: string, work: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  await new Promise((resolve) => setTimeout(resolve, 50)); // the histogram's first samples
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  // The histogram learns of a stall when its timer finally fires: give it the chance.
  await new Promise((resolve) => setTimeout(resolve, 50));
  h.disable();
  const maxStallMs = Math.round(h.max / 1e6);
  line({ bench: 'flight-log-parse', variant: what, points: 20_000, ms: Math.round(ms), maxEventLoopStallMs: maxStallMs });
  return maxStallMs;
}

try {
  const log = path.join(dir, 'big.gpx');
  await writeFile(log, gpxTrack(20_000));
  const inThread = await stall('api thread', async () => parseFlightLog(await readFile(log), 'big.gpx'));
  const offThread = await stall('parser thread', () => parseFlightLogInThread(log, 'big.gpx', 2048));
  line({ bench: 'flight-log-parse', stallRatio: Math.round((inThread / Math.max(1, offThread)) * 10) / 10 });

  const photo = path.join(dir, 'big.jpg');
  await sharp({ create: { width: 8000, height: 8000, channels: 3, background: { r: 90, g: 120, b: 80 } } }).jpeg({ quality: 80 }).toFile(photo);
  // Each variant in a fresh process, so one's memory high-water mark does not hide another's.
  for (const [variant, maxEdge] of [['bounded 2048', 2048], ['bounded 4096', 4096], ['full size', 0]] as const) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--annotate', photo, String(maxEdge)], { encoding: 'utf8' });
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    line({ bench: 'annotate-64mp', variant, ...result });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
