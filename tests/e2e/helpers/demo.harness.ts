/**
 * Loads the demo mission into a running test server the way the README does (`npm run demo`), then
 * waits until its findings are queryable, as the map would query them.
 */
import { spawnSync } from 'node:child_process';
import { ROOT, type TestServer } from './server.harness.ts';

/** Run `npm run demo` against `server` and wait for at least one finding (inference takes a while). */
export async function loadDemo(server: TestServer, timeoutMs = 240_000): Promise<number> {
  const port = new URL(server.url).port;
  const r = spawnSync('npx', ['tsx', 'seeds/demo.cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: port, DATA_DIR: server.dataDir, API_URL: server.url, DEMO_API_URL: server.url },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (r.status !== 0) throw new Error(`npm run demo failed (${r.status}):\n${r.stdout}\n${r.stderr}\n--- server ---\n${server.log()}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${server.url}/api/v1/findings?bbox=-180,-90,180,90`, { headers: { Authorization: `Bearer ${server.tokens.admin}` } });
    if (res.ok) {
      const body = (await res.json()) as { features: unknown[] };
      if (body.features.length > 0) return body.features.length;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  throw new Error(`no findings ${timeoutMs} ms after the demo:\n${server.log()}`);
}
