/**
 * Runs the app as one role in its own process (`tsx api/main.ts` with ROLE=...), the way a deployment
 * scales out: each with its own DATA_DIR, sharing only PostgreSQL, Redis, S3 and the MQTT broker.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface RoleProcess {
  role: string;
  dataDir: string;
  log(): string;
  /** Resolves once the process has written a line matching `pattern` (it fails fast if the process exits). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startRole(role: 'api' | 'worker' | 'dock-bridge', env: Record<string, string>): RoleProcess {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `dy-${role}-`));
  let out = '';
  const child = spawn('npx', ['tsx', 'api/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ROLE: role, DATA_DIR: dataDir, LOG_LEVEL: 'info', REDIS_AUTOSTART: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stop() ends npx, tsx and node together
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    role,
    dataDir,
    log: () => out.slice(-6000),
    async waitForLog(pattern, timeoutMs = 180_000) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        if (child.exitCode !== null) throw new Error(`${role} exited with ${child.exitCode}:\n${out.slice(-6000)}`);
        if (Date.now() > until) throw new Error(`${role} did not log ${pattern} within ${timeoutMs} ms:\n${out.slice(-6000)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(-child.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
