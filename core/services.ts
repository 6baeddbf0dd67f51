/**
 * The wiring: one object holding the database, repositories, blob store, queues and event bus, built
 * once from the config and handed to the API and the workers. Tests build their own with test prefixes.
 */
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { resolveAuditKey } from './audit/audit-key.ts';
import { AuditHeadStore } from './audit/audit-heads.store.ts';
import { AuditTrail } from './audit/audit-trail.ts';
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
import { SessionsRepository } from './db/repositories/sessions.repository.ts';
import { WebhooksRepository } from './db/repositories/webhooks.repository.ts';
import { EventBus } from './events/event-bus.ts';
import type { Logger } from './logger.ts';
import { JobQueue } from './queue/job-queue.ts';
import { redisConnection } from './queue/redis-connection.ts';
import { BlobStore } from './storage/blob-store.ts';
import { secureDataDir } from './storage/data-dir.ts';

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
  caseList: CaseListRepository;
  sessions: SessionsRepository;
  /** Signs audit entries and keeps the chain head outside the database. */
  audit: AuditTrail;
  close(): Promise<void>;
}

export async function createServices(config: Readonly<Config>, log: Logger, redisUrl: string, options: { pgSchema?: string } = {}): Promise<Services> {
  await secureDataDir(config.DATA_DIR);
  const db = openDatabase(config.DATABASE_URL, { schema: options.pgSchema });
  await migrate(db);
  const blobs = new BlobStore(path.join(config.DATA_DIR, 'blobs'));
  await blobs.init();
  // The API answers while Redis is away (503 or a stored upload), so its commands fail fast; workers wait.
  const failFast = config.ROLE !== 'worker';
  const redis = redisConnection(redisUrl, { failFast });
  const jobs = new JobQueue(redisConnection(redisUrl, { failFast }), config.QUEUE_PREFIX);
  const events = new EventBus(db.kysely, redis, `${config.QUEUE_PREFIX}-events`);
  const k = db.kysely;
  const users = new UsersRepository(k);
  const audit = new AuditTrail(await resolveAuditKey(config, log), new AuditHeadStore(config.DATA_DIR, redis, config.QUEUE_PREFIX), log.child({ component: 'audit' }));
  await audit.witnessExisting(new CasesRepository(k));
  return {
    config,
    log,
    db,
    redis,
    redisUrl,
    blobs,
    jobs,
    events,
    users,
    missions: new MissionsRepository(k),
    images: new ImagesRepository(k),
    flightLogs: new FlightLogsRepository(k),
    models: new ModelsRepository(k),
    detections: new DetectionsRepository(k),
    geo: new GeoRepository(k),
    findings: new FindingsRepository(k),
    cases: new CasesRepository(k),
    webhooks: new WebhooksRepository(k),
    caseList: new CaseListRepository(k),
    sessions: new SessionsRepository(k, users),
    audit,
    async close() {
      await events.close();
      await jobs.close();
      await (jobs.connection as Redis).quit().catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await db.close();
    },
  };
}
