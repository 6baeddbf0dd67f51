/**
 * An audit trail for code that writes cases outside a running server's services (a second writer
 * process, a harness seeding a server's database): the key is the data folder's, as the server reads
 * it, and the head is kept where the server keeps it.
 */
import { Redis } from 'ioredis';
import { resolveAuditKey } from '../../core/audit/audit-key.ts';
import { AuditHeadStore } from '../../core/audit/audit-heads.store.ts';
import { AuditTrail } from '../../core/audit/audit-trail.ts';
import { createLogger } from '../../core/logger.ts';

export interface StandaloneAuditTrail {
  trail: AuditTrail;
  close(): Promise<void>;
}

export async function standaloneAuditTrail(dataDir: string, redisUrl: string, queuePrefix: string): Promise<StandaloneAuditTrail> {
  const log = createLogger('silent');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const key = await resolveAuditKey({ AUDIT_KEY: undefined, NODE_ENV: 'test', DATA_DIR: dataDir }, log);
  return { trail: new AuditTrail(key, new AuditHeadStore(dataDir, redis, queuePrefix), log), close: async () => void (await redis.quit()) };
}
