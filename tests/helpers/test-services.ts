/**
 * Real services for integration tests: a temporary data folder, a SQLite file or a private PostgreSQL
 * schema, the real Redis with a queue prefix of its own. Nothing is mocked; everything is removed after.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { describe } from 'vitest';
import { loadConfig, type RawConfig } from '../../core/config.ts';
import { createLogger } from '../../core/logger.ts';
import { createServices, type Services } from '../../core/services.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export type TestDb = 'sqlite' | 'postgres';

async function pgAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const hasPostgres = await pgAnswers();
if (!hasPostgres) {
  if (process.env.CI === 'true') throw new Error(`PostgreSQL does not answer at ${TEST_PG_URL}: CI must run the PostgreSQL tests`);
  console.warn(`\n*** NOTICE: PostgreSQL not reachable at ${TEST_PG_URL}; PostgreSQL variants are SKIPPED ***\n`);
}

export interface TestServices extends Services {
  dataDir: string;
  dispose(): Promise<void>;
}

/** Builds services on a fresh database of the given kind. */
export async function createTestServices(kind: TestDb, overrides: Partial<Record<keyof RawConfig, string>> = {}): Promise<TestServices> {
  const tag = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `dy-${tag}-`));
  let schema: string | undefined;
  if (kind === 'postgres') {
    schema = tag;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  }
  const config = loadConfig({}, {
    DATA_DIR: dataDir,
    DATABASE_URL: kind === 'postgres' ? TEST_PG_URL : `sqlite:${path.join(dataDir, 'test.sqlite')}`,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: tag,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Every test client is 127.0.0.1: suites that send many bad tokens on purpose must not meet the limit (tests/abuse/rate-limits.test.ts sets its own).
    AUTH_FAILURE_LIMIT: '1000000',
    ...overrides,
  });
  const services = await createServices(config, createLogger(config.LOG_LEVEL, { pretty: false }), TEST_REDIS_URL, { pgSchema: schema });
  return Object.assign(services, {
    dataDir,
    async dispose() {
      await services.close();
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${tag}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      if (schema) {
        const admin = new pg.Client({ connectionString: TEST_PG_URL });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
      // Retries: a file written as the last request finished (the audit head) can land while the folder is removed.
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  });
}

/** Runs a suite once on SQLite and once on PostgreSQL (skipped with a notice where PostgreSQL is absent). */
export function describeEachDb(name: string, suite: (kind: TestDb) => void): void {
  describe(`${name} [sqlite]`, () => suite('sqlite'));
  (hasPostgres ? describe : describe.skip)(`${name} [postgres]`, () => suite('postgres'));
}
