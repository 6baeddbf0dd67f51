/**
 * `npm run demo`: uploads the demo mission (seeds/demo/photos + its flight log) to a running server,
 * waits for processing and prints what was found.
 *   BASE   server URL (default http://localhost:$PORT or 3000)
 *   TOKEN  an operator or dock token (default: the operator's from $DATA_DIR/demo-tokens.json)
 *   VIEW_TOKEN  a manager or officer token to list the findings (default: the manager's, if present)
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const DEMO_DIR = path.join(import.meta.dirname, 'demo');
const PHOTOS = path.join(DEMO_DIR, 'photos');
const base = (process.env.BASE ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
const tokensFile = path.resolve(process.env.DATA_DIR ?? './data', 'demo-tokens.json');
const demoTokens: Record<string, string> = existsSync(tokensFile) ? JSON.parse(readFileSync(tokensFile, 'utf8')) : {};
const token = process.env.TOKEN ?? demoTokens.operator;
const viewToken = process.env.VIEW_TOKEN ?? demoTokens.manager;

function fail(message: string): never {
  console.error(`demo: ${message}`);
  process.exit(1);
}
if (!token) fail(`no TOKEN given and no ${tokensFile}: start the server first (npm start) or set TOKEN`);

async function api<T>(pathname: string, init: RequestInit = {}, bearer = token!): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${base}${pathname}`, { ...init, headers: { authorization: `Bearer ${bearer}`, ...(init.headers ?? {}) } });
  } catch (error) {
    fail(`cannot reach ${base} (${(error as Error).message}); is the server running (npm start)?`);
  }
  const body = (await res.json().catch(() => null)) as T & { error?: { message: string } };
  if (!res.ok) fail(`${init.method ?? 'GET'} ${pathname} answered ${res.status}: ${body?.error?.message ?? ''}`);
  return body;
}

const photos = readdirSync(PHOTOS).filter((f) => /\.jpe?g$/i.test(f)).sort();
const logFile = readdirSync(DEMO_DIR).find((f) => /^flight-log\.(gpx|csv|kml)$/i.test(f));
const mission = await api<{ id: string }>('/api/v1/missions', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name: `演示巡检 Demo patrol ${new Date().toISOString().slice(0, 16)}`, dockId: 'dock-dyport-01' }),
});
console.log(`mission ${mission.id}: uploading ${photos.length} photos${logFile ? ` and ${logFile}` : ''} to ${base}`);
if (logFile) {
  const fd = new FormData();
  fd.append('file', new Blob([readFileSync(path.join(DEMO_DIR, logFile))]), logFile);
  const log = await api<{ format: string; points: number }>(`/api/v1/missions/${mission.id}/flight-logs`, { method: 'POST', body: fd });
  console.log(`  flight log: ${log.format}, ${log.points} points`);
}
for (const [i, file] of photos.entries()) {
  const fd = new FormData();
  fd.append('files', new Blob([readFileSync(path.join(PHOTOS, file))]), file);
  const { images } = await api<{ images: Array<{ error?: { message: string } }> }>(`/api/v1/missions/${mission.id}/images`, { method: 'POST', body: fd });
  process.stderr.write(`\r  uploaded ${i + 1}/${photos.length}${images[0]?.error ? ` (${file}: ${images[0].error.message})` : ''}   `);
}
process.stderr.write('\n');

type MissionView = { status: string; counts: { images: number; processed: number; failed: number; findings: number } };
let view: MissionView;
const started = Date.now();
for (;;) {
  view = await api<MissionView>(`/api/v1/missions/${mission.id}`);
  process.stderr.write(`\r  processing: ${view.counts.processed + view.counts.failed}/${view.counts.images} photos, ${view.counts.findings} findings   `);
  if (view.status === 'done' || view.status === 'failed') break;
  if (Date.now() - started > 15 * 60_000) fail('still processing after 15 minutes; see the server log');
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
process.stderr.write('\n');
console.log(`mission ${view.status}: ${view.counts.processed} photos processed, ${view.counts.failed} failed, ${view.counts.findings} findings`);
if (viewToken) {
  const all = await api<{ features: Array<{ properties: { class: string; severity: string; violation: string; district: string | null; zones: Array<{ kind: string; name: string }>; missionId: string } }> }>(
    '/api/v1/findings',
    {},
    viewToken,
  );
  for (const f of all.features.filter((x) => x.properties.missionId === mission.id)) {
    const p = f.properties;
    const zones = p.zones.filter((z) => z.kind !== 'district').map((z) => z.name).join(', ') || '-';
    console.log(`  [${p.severity}] ${p.class} in ${p.district ?? '?'} (${zones}): ${p.violation}`);
  }
}
console.log(`open the map: ${base}/ (tokens in ${tokensFile})`);
