/**
 * The service end to end, on real processes (the API and workers spawned with tsx, as in production) and
 * generated 12 MP photos (4-8 MB, DJI poses): prints JSON lines, each with its figures side by side.
 *   limit        decode + inference alone (the detector pool, concurrency 2) in photos/s
 *   throughput   a burst uploaded to the service (one worker process, DETECT_CONCURRENCY=2): photos/s and
 *                its ratio to the limit
 *   latency      upload to done and upload to finding.created, p50/p95, at a dock's pace (one photo every
 *                2 s) and in a burst
 *   scale-out    two worker processes against one (DETECT_CONCURRENCY=1 each), burst throughput ratio
 *   memory       idle RSS of ROLE=api; peak RSS of ROLE=all (all its processes) while 20 photos of 20 MB are
 *                uploaded and processed, next to ROLE=api's alone
 * BENCH_PHOTOS (default 12) sets the burst size. Needs Redis at TEST_REDIS_URL; takes several minutes.
 */
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { listModels, findModel } from '../models/inference/model-registry.ts';
import { DetectorPool } from '../models/inference/detector.pool.ts';
import { decodeScale } from '../models/inference/decode-scale.ts';
import { photoPixelsPerMetre } from '../core/pipeline/camera/ground-resolution.ts';
import { readImageMeta } from '../core/pipeline/metadata/read-image-meta.ts';
import { TEST_REDIS_URL } from '../tests/helpers/test-services.ts';
import { startCluster, waitUntil, type Cluster } from '../tests/reliability/helpers/cluster.ts';
import { generatePhotos } from './photos.generate.ts';

const N = Number(process.env.BENCH_PHOTOS ?? 12);
const out = (line: Record<string, unknown>) => console.log(JSON.stringify({ bench: 'pipeline', ...line }));
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** RSS of every process in the child's process group (tsx, node, the worker child), in MB. */
function groupRssMb(c: Cluster, which: 'api' | 'all' = 'all'): number {
  const groups = new Set([c.api.child.pid, ...(which === 'all' ? c.workers.map((w) => w.child.pid) : [])]);
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (!groups.has(Number(stat[2]))) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return Math.round(kb / 1024);
}

async function upload(c: Cluster, missionId: string, file: string): Promise<void> {
  const fd = new FormData();
  fd.append('files', new Blob([readFileSync(file)]), path.basename(file));
  const res = await fetch(`${c.url}/api/v1/missions/${missionId}/images`, { method: 'POST', headers: { authorization: `Bearer ${c.tokens.operator}` }, body: fd });
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
}

async function newMission(c: Cluster, name: string): Promise<string> {
  const res = await fetch(`${c.url}/api/v1/missions`, { method: 'POST', headers: { authorization: `Bearer ${c.tokens.operator}`, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  return ((await res.json()) as { id: string }).id;
}

/** Per photo of the mission: seconds from upload (row created) to done, and to its first finding.created. */
function latencies(c: Cluster, missionId: string): { done: number[]; finding: number[] } {
  const db = new Database(path.join(c.dataDir, 'app.sqlite'), { readonly: true });
  try {
    const images = db.prepare('select id, created_at, processed_at from images where mission_id = ?').all(missionId) as Array<{ id: string; created_at: string; processed_at: string }>;
    const firstFinding = new Map<string, number>();
    for (const e of db.prepare(`select payload, created_at from events where type = 'finding.created'`).all() as Array<{ payload: string; created_at: string }>) {
      const imageId = (JSON.parse(e.payload) as { imageId: string }).imageId;
      const at = Date.parse(e.created_at);
      if (!firstFinding.has(imageId) || at < firstFinding.get(imageId)!) firstFinding.set(imageId, at);
    }
    return {
      done: images.map((i) => (Date.parse(i.processed_at) - Date.parse(i.created_at)) / 1000),
      finding: images.filter((i) => firstFinding.has(i.id)).map((i) => (firstFinding.get(i.id)! - Date.parse(i.created_at)) / 1000),
    };
  } finally {
    db.close();
  }
}

function doneCount(c: Cluster, missionId: string): number {
  const db = new Database(path.join(c.dataDir, 'app.sqlite'), { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from images where mission_id = ? and status in ('done', 'failed')`).get(missionId) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Uploads `files` (all at once, or one every `paceMs`) and waits until all are processed; returns wall seconds. */
async function run(c: Cluster, files: string[], name: string, paceMs = 0): Promise<{ seconds: number; missionId: string }> {
  const missionId = await newMission(c, name);
  const started = performance.now();
  for (const file of files) {
    await upload(c, missionId, file);
    if (paceMs) await sleep(paceMs);
  }
  await waitUntil(() => (doneCount(c, missionId) === files.length ? true : undefined), `${name} processed`, 30 * 60_000, 200);
  return { seconds: (performance.now() - started) / 1000, missionId };
}

const workDir = path.join(os.tmpdir(), `dy-bench-${process.pid}`);
const clusters: Cluster[] = [];
try {
  const photos = await generatePhotos(path.join(workDir, '12mp'), N);
  out({ photos: N, megapixels: 12, mbMin: round(Math.min(...photos.map((f) => statSync(f).size)) / 2 ** 20, 1), mbMax: round(Math.max(...photos.map((f) => statSync(f).size)) / 2 ** 20, 1) });

  // The limit: decode + inference alone, at the scale the detect job would choose.
  const model = findModel(listModels())!;
  const pool = new DetectorPool({ concurrency: 2 });
  const scales = await Promise.all(photos.map(async (f) => decodeScale(model.manifest.maxPxPerM, photoPixelsPerMetre(await readImageMeta(readFileSync(f))))));
  await pool.detect(model, photos[0]!, { scale: scales[0] }); // warm-up: sessions loaded
  const t = performance.now();
  await Promise.all(photos.map((f, i) => pool.detect(model, f, { scale: scales[i] })));
  const limit = N / ((performance.now() - t) / 1000);
  await pool.close();
  out({ measure: 'limit: decode + inference alone', concurrency: 2, photosPerS: round(limit), decodeScale: round(scales[0]!) });

  // The service, one worker process.
  const one = await startCluster({ redisUrl: TEST_REDIS_URL, env: { DETECT_CONCURRENCY: '2', LOG_LEVEL: 'warn' } });
  clusters.push(one);
  await sleep(5_000);
  out({ measure: 'idle RSS, ROLE=api (no onnxruntime)', rssMB: groupRssMb(one, 'api') });
  await run(one, photos.slice(0, 1), 'warm-up');
  const burst = await run(one, photos, 'burst');
  const service = N / burst.seconds;
  out({ measure: 'throughput: burst to the service vs the limit', photosPerS: round(service), limitPhotosPerS: round(limit), ratio: round(service / limit) });
  const b = latencies(one, burst.missionId);
  out({ measure: 'latency in a burst', photos: N, uploadToDoneP50S: round(quantile(b.done, 0.5)), uploadToDoneP95S: round(quantile(b.done, 0.95)), uploadToFindingP95S: round(quantile(b.finding, 0.95)), photosWithFindings: b.finding.length });
  const pace = await run(one, photos, 'dock pace', 2_000);
  const d = latencies(one, pace.missionId);
  out({ measure: 'latency at dock pace (one photo per 2 s)', photos: N, uploadToDoneP50S: round(quantile(d.done, 0.5)), uploadToDoneP95S: round(quantile(d.done, 0.95)), uploadToFindingP95S: round(quantile(d.finding, 0.95)), photosWithFindings: d.finding.length, targetFindingP95S: 1 });
  await one.stop();
  clusters.pop();

  // Two worker processes against one (one detector thread each).
  const ratios: Record<string, number> = {};
  for (const workers of [1, 2]) {
    const c = await startCluster({ redisUrl: TEST_REDIS_URL, workers, env: { DETECT_CONCURRENCY: '1', LOG_LEVEL: 'warn' } });
    clusters.push(c);
    await run(c, photos.slice(0, 1), 'warm-up');
    ratios[workers] = N / (await run(c, photos, `${workers} workers`)).seconds;
    await c.stop();
    clusters.pop();
  }
  out({ measure: 'scale-out: two worker processes vs one', onePhotosPerS: round(ratios[1]!), twoPhotosPerS: round(ratios[2]!), ratio: round(ratios[2]! / ratios[1]!), cpus: os.cpus().length });

  // Memory: 20 photos of about 20 MB through ROLE=all, RSS of all its processes sampled every 200 ms.
  const heavy = await generatePhotos(path.join(workDir, '24mp'), 20, { width: 6000, height: 4000, quality: 97 });
  const all = await startCluster({ redisUrl: TEST_REDIS_URL, role: 'all', workers: 0, env: { LOG_LEVEL: 'warn' } });
  clusters.push(all);
  await sleep(5_000);
  const idleAll = groupRssMb(all, 'api');
  let peak = idleAll;
  const sampler = setInterval(() => (peak = Math.max(peak, groupRssMb(all, 'api'))), 200);
  await run(all, heavy, 'big uploads');
  clearInterval(sampler);
  out({ measure: 'peak RSS, ROLE=all (API + worker child), 20 photos', photoMB: round(statSync(heavy[0]!).size / 2 ** 20, 1), idleMB: idleAll, peakMB: peak });
} finally {
  for (const c of clusters) await c.stop();
  rmSync(workDir, { recursive: true, force: true });
}
