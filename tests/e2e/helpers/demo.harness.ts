/**
 * The demo mission (seeds/demo/photos + flight log) and the shipped model are made by other steps of
 * the project; without both no finding can appear. `describeDemo`/`hasDemo` gate the tests that need
 * findings: they skip with a visible notice where either is missing, and fail under CI=true.
 * `loadDemo` uploads the mission the way the README does (`npm run demo`) and waits for findings.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, type TestServer } from './server.harness.ts';

const PHOTOS = path.join(ROOT, 'seeds/demo/photos');
// The folder the server scans: MODELS_DIR when set (the server reads the same variable), else models/.
const MODELS = path.resolve(ROOT, process.env.MODELS_DIR ?? 'models');

/** Demo photos on disk. */
export function demoPhotos(): string[] {
  return existsSync(PHOTOS) ? readdirSync(PHOTOS).filter((f) => /\.jpe?g$/i.test(f)) : [];
}

/** Shipped models: <MODELS_DIR>/<name>/<version>/manifest.json (what the server's registry scans). */
export function shippedModels(): string[] {
  if (!existsSync(MODELS)) return [];
  const found: string[] = [];
  for (const name of readdirSync(MODELS, { withFileTypes: true })) {
    if (!name.isDirectory()) continue;
    for (const version of readdirSync(path.join(MODELS, name.name), { withFileTypes: true })) {
      if (version.isDirectory() && existsSync(path.join(MODELS, name.name, version.name, 'manifest.json'))) found.push(`${name.name}@${version.name}`);
    }
  }
  return found;
}

const missing = [demoPhotos().length ? null : 'seeds/demo/photos/*.jpg', shippedModels().length ? null : 'models/<name>/<version>/manifest.json'].filter(Boolean);
/** Whether findings can appear at all: demo photos and a model are both there. */
export const hasDemo = missing.length === 0;
if (!hasDemo) {
  if (process.env.CI === 'true') throw new Error(`${missing.join(' and ')} missing: CI must run the end-to-end findings tests`);
  console.warn(`\n*** NOTICE: ${missing.join(' and ')} not found; end-to-end tests that need demo findings are SKIPPED ***\n`);
}

/** Run `npm run demo` (seeds/demo.cli.ts) against `server`: it uploads and waits until the mission is processed. */
function runDemoCli(server: TestServer, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'seeds/demo.cli.ts'], {
      cwd: ROOT,
      env: { ...process.env, BASE: server.url, DATA_DIR: server.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`npm run demo still running after ${timeoutMs} ms:\n${out}\n--- server ---\n${server.log()}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`npm run demo failed (${code}):\n${out}\n--- server ---\n${server.log()}`));
    });
  });
}

/** Upload the demo mission into `server` and return the number of findings an officer's map can query. */
export async function loadDemo(server: TestServer, timeoutMs = 20 * 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  await runDemoCli(server, timeoutMs);
  // The CLI returns when the mission is done; findings are written by the same jobs, so this is a
  // short wait at most (notify runs after analyze).
  for (;;) {
    const res = await fetch(`${server.url}/api/v1/findings`, { headers: { Authorization: `Bearer ${server.tokens.manager}` } });
    if (res.ok) {
      const body = (await res.json()) as { features: unknown[] };
      if (body.features.length > 0) return body.features.length;
    }
    if (Date.now() > deadline) throw new Error(`no findings after the demo mission:\n${server.log()}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
