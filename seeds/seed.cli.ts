/** `npm run seed`: writes the Dongying seeds into the configured database (idempotent). */
import { loadConfig } from '../core/config.ts';
import { migrate, openDatabase } from '../core/db/database.ts';
import { createLogger } from '../core/logger.ts';
import { createServices } from '../core/services.ts';
import { ensureRedis } from '../core/queue/redis-connection.ts';
import { seedDatabase } from './seed-database.ts';

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const db = openDatabase(config.DATABASE_URL);
await migrate(db);
await db.close();
const redis = await ensureRedis({ url: config.REDIS_URL, autostart: config.REDIS_AUTOSTART, dataDir: config.DATA_DIR, log: (m) => log.warn(m) });
const s = await createServices(config, log, redis.url);
const counts = await seedDatabase(s);
console.log(JSON.stringify({ seeded: counts, database: config.DATABASE_URL.replace(/\/\/[^@]*@/, '//') }));
await s.close();
redis.child?.kill();
