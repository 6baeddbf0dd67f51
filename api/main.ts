/**
 * The process entry: validate config, find Redis, open and migrate the database, seed an empty one,
 * register the shipped models, then serve the API, run the workers, or both (ROLE). Shuts down
 * gracefully on SIGINT/SIGTERM: stop taking requests, let running jobs finish, close connections.
 */
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { createServices } from '../core/services.ts';
import { assertAdministrable, bootstrapData } from '../seeds/bootstrap.ts';
import { startWorkerRole } from '../workers/main.ts';
import { ensureRedis, redisConnection } from '../core/queue/redis-connection.ts';
import { createApp } from './app.ts';

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
  const redis = await ensureRedis({ url: config.REDIS_URL, autostart: config.REDIS_AUTOSTART, dataDir: config.DATA_DIR, log: (m) => log.warn(m) });
  const s = await createServices(config, log, redis.url);
  await bootstrapData(s);
  // Workers serve nobody: only the API needs someone able to sign in and administer it.
  if (config.ROLE !== 'worker') await assertAdministrable(s);

  const stops: Array<() => Promise<void>> = [];
  if (config.ROLE !== 'api') stops.push(await startWorkerRole(s));
  let server: Server | null = null;
  if (config.ROLE !== 'worker') {
    await s.events.listen(redisConnection(redis.url));
    server = createApp(s).listen(config.PORT, config.HOST);
    await new Promise<void>((resolve, reject) => server!.once('listening', resolve).once('error', reject));
    log.info(`API and map on http://localhost:${config.PORT}/ (database ${config.DATABASE_URL.split('@').pop()}, redis ${redis.url}, role ${config.ROLE})`);
    // Live event streams never end by themselves: give requests a moment, then cut what is left.
    stops.unshift(
      () =>
        new Promise<void>((resolve) => {
          server!.close(() => resolve());
          setTimeout(() => server!.closeAllConnections(), 2_000).unref();
        }),
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    server?.closeIdleConnections();
    const force = setTimeout(() => {
      log.error('shutdown took over 30 s; exiting');
      process.exit(1);
    }, 30_000).unref();
    for (const stop of stops) await stop().catch((error: unknown) => log.error({ err: error }, 'shutdown step failed'));
    await s.close();
    redis.child?.kill();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
