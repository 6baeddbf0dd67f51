/**
 * The chain head (count and hash of the newest entry) kept outside the database: in a file under
 * $DATA_DIR and under a Redis key. Someone who deletes the newest entries, or rewrites the chain, must
 * also change both to go unseen. Heads only move forward: a writer that lost a race never moves one back,
 * and the file of one machine may lag behind the shared Redis key (verification asks each witness only
 * that the chain holds the entry it recorded).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { ChainHead, HeadWitness } from '../pipeline/audit/audit-verify.ts';
import { whenRedisReady } from '../queue/redis-ready.ts';

/** How long a head write waits for a Redis connection that is still coming up. */
const READY_WAIT_MS = 5_000;

// Sets the head only when its seq is beyond the stored one (atomic in Redis).
const FORWARD_ONLY = `
local current = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if tonumber(ARGV[1]) > current then redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'hash', ARGV[2]) return 1 end
return 0`;

export class AuditHeadStore {
  private readonly file: string;
  private readonly redisKey: string;
  private fileWrites: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    this.file = path.join(dataDir, 'audit-head.json');
    this.redisKey = `${keyPrefix}:audit-head`;
  }

  /** Records a new head in both places; both writes are finished (or failed) when it returns. */
  async record(head: ChainHead): Promise<void> {
    const results = await Promise.allSettled([this.writeRedis(head), this.writeFile(head)]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async writeRedis(head: ChainHead): Promise<void> {
    await whenRedisReady(this.redis, READY_WAIT_MS);
    await this.redis.eval(FORWARD_ONLY, 1, this.redisKey, String(head.seq), head.hash);
  }

  /** Writes a head only where none is kept yet (a first start over an existing chain). */
  async recordWhereMissing(head: ChainHead): Promise<string[]> {
    const missing: string[] = [];
    const [fromFile, fromRedis] = await Promise.all([this.readFile(), this.readRedis()]);
    if (!fromFile) {
      await this.writeFile(head);
      missing.push(this.file);
    }
    if (!fromRedis) {
      await this.writeRedis(head);
      missing.push(`redis ${this.redisKey}`);
    }
    return missing;
  }

  async witnesses(): Promise<HeadWitness[]> {
    const [fromFile, fromRedis] = await Promise.all([this.readFile(), this.readRedis()]);
    return [
      { source: `head file ${path.basename(this.file)}`, head: fromFile },
      { source: `Redis key ${this.redisKey}`, head: fromRedis },
    ];
  }

  private writeFile(head: ChainHead): Promise<void> {
    // One write at a time in this process, so a slower older write never lands last.
    const next = this.fileWrites.then(async () => {
      const current = await this.readFile();
      if (current && current.seq >= head.seq) return;
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(head), { mode: 0o600 });
      await rename(tmp, this.file);
    });
    this.fileWrites = next.catch(() => undefined);
    return next;
  }

  private async readFile(): Promise<ChainHead | null> {
    try {
      return parseHead(JSON.parse(await readFile(this.file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      // A file that is there but unreadable is reported as a head that matches nothing.
      return { seq: Number.MAX_SAFE_INTEGER, hash: 'unreadable' };
    }
  }

  private async readRedis(): Promise<ChainHead | null> {
    await whenRedisReady(this.redis, READY_WAIT_MS);
    const value = await this.redis.hgetall(this.redisKey);
    return value.seq ? parseHead(value) : null;
  }
}

function parseHead(value: unknown): ChainHead {
  const v = value as { seq?: unknown; hash?: unknown };
  const seq = Number(v.seq);
  if (!Number.isSafeInteger(seq) || typeof v.hash !== 'string') return { seq: Number.MAX_SAFE_INTEGER, hash: 'unreadable' };
  return { seq, hash: v.hash };
}
