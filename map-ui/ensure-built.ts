/**
 * Builds the map UI when map-ui/dist is missing or older than its sources, so `npm start` serves a
 * current UI without rebuilding on every start.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = import.meta.dirname;
const built = path.join(root, 'dist', 'index.html');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest(path.join(root, 'src')), statSync(path.join(root, 'index.html')).mtimeMs, statSync(path.join(root, 'vite.config.ts')).mtimeMs);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('building the map UI (map-ui/dist)...');
  const run = spawnSync('npx', ['vite', 'build', '--config', path.join(root, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
