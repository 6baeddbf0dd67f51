/**
 * `ROLE=all` runs the workers in a child process of their own (child_process.fork of the same entry with
 * ROLE=worker), so that a crash or an out-of-memory in either does not take the other down: the API keeps
 * answering while the workers are restarted, with back-off when they keep dying (1 s doubling to 30 s,
 * back to 1 s once a child has lived a minute). A child whose parent is gone (the API crashed) finishes its
 * running jobs and exits, rather than live on unsupervised beside the next one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '../core/logger.ts';

export interface WorkerSupervisor {
  /** The running child's pid (null between a crash and the restart). */
  pid(): number | null;
  /** Asks the child to stop (SIGTERM: it lets running jobs finish) and waits; kills it after `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
const HEALTHY_AFTER_MS = 60_000;

export function superviseWorkers(options: { entry: string; env: NodeJS.ProcessEnv; log: Logger }): WorkerSupervisor {
  const log = options.log.child({ component: 'supervisor' });
  let child: ChildProcess | null = null;
  let stopping = false;
  let backoffMs = MIN_BACKOFF_MS;
  let restartTimer: NodeJS.Timeout | null = null;

  const start = () => {
    restartTimer = null;
    const startedAt = Date.now();
    const current = fork(options.entry, [], { env: options.env, stdio: 'inherit' });
    child = current;
    log.info(`workers running in process ${current.pid}`);
    current.once('exit', (code, signal) => {
      child = null;
      if (stopping) return;
      if (Date.now() - startedAt > HEALTHY_AFTER_MS) backoffMs = MIN_BACKOFF_MS;
      log.error(`workers (process ${current.pid}) exited (${signal ?? `code ${code}`}); restarting in ${backoffMs / 1000} s`);
      restartTimer = setTimeout(start, backoffMs);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    });
  };
  start();

  return {
    pid: () => child?.pid ?? null,
    async stop(graceMs) {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill('SIGTERM');
      const timer = setTimeout(() => current.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
