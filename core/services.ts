/**
 * The wiring: one object holding the database, repositories, blob store, queues and event bus, built
 * once from the config and handed to the API and the workers. Tests build their own with test prefixes.
 */
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { migrate, openDatabase, type Db } from './db/database.ts';
import { CasesRepository } from './db/repositories/cases.repository.ts';
import { CaseListRepository } from './db/repositories/case-list.repository.ts';
import { DetectionsRepository } from './db/repositories/detections.repository.ts';
import { FindingsRepository } from './db/repositories/findings.repository.ts';
import { FlightLogsRepository } from './db/repositories/flight-logs.repository.ts';
import { GeoRepository } from './db/repositories/geo.repository.ts';
import { ImagesRepository } from './db/repositories/images.repository.ts';
import { MissionsRepository } from './db/repositories/missions.repository.ts';
import { ModelsRepository } from './db/repositories/models.repository.ts';
import { UsersRepository } from './db/repositories/users.repository.ts';
import { WebhooksRepository } from './db/repositories/webhooks.repository.ts';
import { EventBus } from './events/event-bus.ts';
import { OutboxRelay } from './events/outbox-relay.ts';
import { CasesService } from './cases/cases.service.ts';
import type { Logger } from './logger.ts';
import { JobQueue } from './queue/job-queue.ts';
import { redisConnection } from './queue/redis-connection.ts';
import { BlobStore } from './storage/blob-store.ts';

export interface Services {
  config: Readonly<Config>;
  log: Logger;
  db: Db;
  redis: Redis;
  redisUrl: string;
  blobs: BlobStore;
  jobs: JobQueue;
  events: EventBus;
  users: UsersRepository;
  missions: MissionsRepository;
  images: ImagesRepository;
  flightLogs: FlightLogsRepository;
  models: ModelsRepository;
  detections: DetectionsRepository;
  geo: GeoRepository;
  findings: FindingsRepository;
  cases: CasesRepository;
  webhooks: WebhooksRepository;
  /** The one owner of case changes and their transaction (routes, analysis, enterprise visits). */
  casesService: CasesService;
  /** Sends the alerts and live events committed changes owe. */
  outbox: OutboxRelay;
  caseList: CaseListRepository;
  close(): Promise<void>;
}

export async function createServices(config: Readonly<Config>, log: Logger, redisUrl: string, options: { pgSchema?: string } = {}): Promise<Services> {
  const db = openDatabase(config.DATABASE_URL, { schema: options.pgSchema });
  await migrate(db);
  const blobs = new BlobStore(path.join(config.DATA_DIR, 'blobs'));
  await blobs.init();
  const redis = redisConnection(redisUrl);
  const jobs = new JobQueue(redisConnection(redisUrl), config.QUEUE_PREFIX);
  const events = new EventBus(db.kysely, redis, `${config.QUEUE_PREFIX}-events`);
  const k = db.kysely;
  const webhooks = new WebhooksRepository(k);
  const outbox = new OutboxRelay(k, db.dialect, events, jobs, webhooks, log);
  const casesService = new CasesService(k, db.dialect, {
    joinDistanceM: config.CASE_JOIN_DISTANCE_M,
    onDismissed: config.DISMISSED_SIGHTING,
    alertMinSeverity: config.ALERT_MIN_SEVERITY,
    separationOfDuties: config.SEPARATION_OF_DUTIES,
  });
  // Alerts and events go out right after the change commits; a failure here leaves them in the outbox
  // for the worker's periodic drain.
  casesService.afterCommit = () => outbox.drain().catch((error: unknown) => log.warn({ err: error }, 'outbox relay failed; rows stay for the next drain'));
  return {
    config,
    log,
    db,
    redis,
    redisUrl,
    blobs,
    jobs,
    events,
    users: new UsersRepository(k),
    missions: new MissionsRepository(k),
    images: new ImagesRepository(k),
    flightLogs: new FlightLogsRepository(k),
    models: new ModelsRepository(k),
    detections: new DetectionsRepository(k),
    geo: new GeoRepository(k),
    findings: new FindingsRepository(k),
    cases: new CasesRepository(k),
    webhooks,
    casesService,
    outbox,
    caseList: new CaseListRepository(k),
    async close() {
      await events.close();
      await jobs.close();
      await (jobs.connection as Redis).quit().catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await db.close();
    },
  };
}
