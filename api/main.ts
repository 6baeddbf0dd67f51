/**
 * The process entry: validate config, find Redis, open and migrate the database, seed an empty one,
 * register the shipped models, then serve the API, run the workers, both, or the dock bridge (ROLE). Shuts down
 * gracefully on SIGINT/SIGTERM: stop taking requests, let running jobs finish, close connections.
 */
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { createServices } from '../core/services.ts';
import { assertAdministrable, bootstrapData } from '../seeds/bootstrap.ts';
import { superviseWorkers } from '../workers/supervisor.ts';
import { ensureRedis, redisConnection } from '../core/queue/redis-connection.ts';
import { redisOutage } from '../core/queue/redis-outage.ts';
import { createApp } from './app.ts';
import { trackRequests } from './http-drain.ts';
import { startDockBridge } from './dock/dock-bridge.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  redisOutage.useLogger(log);
  const redis = await ensureRedis({ url: config.REDIS_URL, autostart: config.REDIS_AUTOSTART, dataDir: config.DATA_DIR, log: (m) => log.warn(m) });
  const s = await createServices(config, log, redis.url);
  await bootstrapData(s);
  // Workers serve nobody: only the API needs someone able to sign in and administer it.
  if (config.ROLE !== 'worker') await assertAdministrable(s);

  const stops: Array<() => Promise<void>> = [];
  if (config.ROLE === 'dock-bridge') {
    const bridge = await startDockBridge(s);
    stops.push(() => bridge.stop());
  }
  // Imported only here, so the API role never loads onnxruntime (the worker role's detector pool does).
  if (config.ROLE === 'worker') stops.push(await (await import('../workers/main.ts')).startWorkerRole(s));
  if (config.ROLE === 'all') {
    // The workers in a supervised child process: a crash or out-of-memory in one leaves the other up.
    const workerEnv = { ...process.env, ROLE: 'worker', REDIS_URL: redis.url, REDIS_AUTOSTART: 'false', SEED_ON_START: 'false', DEMO_ACCOUNTS: 'false' };
    const supervisor = superviseWorkers({ entry: import.meta.filename, env: workerEnv, log });
    stops.push(() => supervisor.stop(config.SHUTDOWN_GRACE_S * 1000 + 10_000));
  }
  let server: Server | null = null;
  if (config.ROLE === 'all' || config.ROLE === 'api') {
    await s.events.listen(redisConnection(redis.url));
    // Temp files of uploads a crash cut off (ones still being written by another process are kept).
    const swept = await s.blobs.sweepTmp(60_000);
    if (swept > 0) log.info(`removed ${swept} temporary upload file(s) left by an earlier stop`);
    server = createApp(s).listen(config.PORT, config.HOST);
    const http = trackRequests(server);
    await new Promise<void>((resolve, reject) => server!.once('listening', resolve).once('error', reject));
    log.info(`API and map on http://localhost:${config.PORT}/ (database ${config.DATABASE_URL.split('@').pop()}, redis ${redis.url}, role ${config.ROLE})`);
    // Uploads in flight finish within the grace period or are told (503) they were not stored.
    stops.unshift(async () => {
      if (http.inFlight() > 0) log.info(`waiting up to ${config.SHUTDOWN_GRACE_S} s for ${http.inFlight()} request(s) in flight`);
      await http.drain(config.SHUTDOWN_GRACE_S * 1000);
    });
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    const force = setTimeout(() => {
      log.error(`shutdown took over ${config.SHUTDOWN_GRACE_S + 30} s; exiting`);
      process.exit(1);
    }, (config.SHUTDOWN_GRACE_S + 30) * 1000).unref();
    for (const stop of stops) await stop().catch((error: unknown) => log.error({ err: error }, 'shutdown step failed'));
    await s.close();
    redis.child?.kill();
    clearTimeout(force);
    process.exit(0);
  };
  // Forked by ROLE=all's supervisor: when the parent is gone, finish the running jobs and exit.
  if (process.send) process.on('disconnect', () => void shutdown('the supervising process is gone'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
