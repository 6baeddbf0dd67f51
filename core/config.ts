/**
 * Configuration: read once from the environment, validated by one zod schema, frozen.
 * Every bad key is named at start-up; nothing else in the code reads process.env.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The schema doubles as the configuration table in the README (keep descriptions short). */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port of the API and map'),
  HOST: z.string().default('0.0.0.0').describe('interface to listen on'),
  ROLE: z.enum(['all', 'api', 'worker']).default('all').describe('run the API, the workers, or both in one process'),
  DATA_DIR: z.string().default('./data').describe('SQLite file, blobs, demo tokens, private Redis'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
    .optional()
    .describe('sqlite:<path> (default $DATA_DIR/app.sqlite) or postgres://user@host/db'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis://').default('redis://127.0.0.1:6379').describe('Redis for the queues (noeviction)'),
  REDIS_AUTOSTART: bool.default(true).describe('start a private redis-server under $DATA_DIR/redis when none answers'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('dy').describe('BullMQ key prefix (one per deployment)'),
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024).describe('largest accepted file, bytes (413 above)'),
  MODELS_DIR: z.string().default('./models').describe('folder scanned for <name>/<version>/manifest.json'),
  ACTIVE_MODEL: z.string().optional().describe('name@version to activate at start (default: newest shipped)'),
  DETECT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1).describe('photos detected at once (worker threads)'),
  DETECT_THREADS: z.coerce.number().int().min(1).max(64).default(1).describe('onnxruntime threads per detector'),
  TILE_OVERLAP: z.coerce.number().min(0).max(0.9).default(0.2).describe('overlap share of neighbouring tiles'),
  TILE_SIZE: z.coerce.number().int().min(0).default(0).describe('tile size in px; 0 = the model input size'),
  DETECT_RESAMPLE: bool.default(true).describe("shrink a photo sharper than the model's maxPxPerM to that resolution before detection"),
  ALTITUDE_CEILING_M: z.coerce.number().positive().default(120).describe('flight check: max height above take-off'),
  LOG_GAP_S: z.coerce.number().positive().default(10).describe('flight check: a gap in the log longer than this'),
  CASE_JOIN_DISTANCE_M: z.coerce.number().positive().default(50).describe('findings this close to an open case of the same class join it'),
  DISMISSED_SIGHTING: z.enum(['reopen', 'join']).default('reopen').describe('a sighting near a dismissed case reopens it, or joins it and leaves it dismissed'),
  GROUND_SIZE_CHECK: bool.default(true).describe('hold back detections whose size on the ground their class cannot have'),
  ENTERPRISE_NEAREST_M: z.coerce.number().nonnegative().default(200).describe('nearest enterprise parcel within this distance is responsible'),
  ALERT_MIN_SEVERITY: z.enum(['low', 'medium', 'high', 'critical']).default('critical').describe('cases this severe alert at once (rules can ask for it too)'),
  PHOTO_UTC_OFFSET_MIN: z.coerce.number().int().min(-720).max(840).default(480).describe('offset of photo clocks without a zone (China: +480)'),
  SEED_ON_START: bool.default(true).describe('seed Dongying zones, rules and departments into an empty database'),
  DEMO_ACCOUNTS: bool.default(true).describe('create demo accounts and write $DATA_DIR/demo-tokens.json'),
  PUBLIC_URL: z.string().url().optional().describe('base URL used in webhook links (default http://localhost:$PORT)'),
  LINK_SECRET: z.string().min(32).optional().describe('signs alert photo links (default: a secret kept in $DATA_DIR/link-secret; set it when API and workers run on different machines)'),
  ALERT_LINK_TTL_H: z.coerce.number().positive().max(24 * 365).default(168).describe('hours an alert photo link stays valid'),
  BASEMAP_URL: z.string().default('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png').describe('tile URL template (Tianditu, OSM, internal)'),
  BASEMAP_ATTRIBUTION: z.string().default('© OpenStreetMap contributors').describe('attribution shown on the map'),
  BASEMAP_GCJ02: bool.default(false).describe('tiles are GCJ-02 (AMap style): shift overlays to match'),
  TIANDITU_KEY: z.string().regex(/^[A-Za-z0-9]+$/).optional().describe('Tianditu browser key: offers Tianditu vector and imagery basemaps in the switch'),
  BASEMAP_OFFLINE: bool.default(false).describe('no tiles: draw the offline vector basemap from the seeds'),
  SEPARATION_OF_DUTIES: bool.default(true).describe('whoever reports a case rectified may not also verify it'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawConfig = z.infer<typeof configSchema>;
export interface Config extends Omit<RawConfig, 'DATABASE_URL' | 'PUBLIC_URL'> {
  readonly DATABASE_URL: string;
  readonly PUBLIC_URL: string;
}

/** Thrown with every invalid key listed, so one start-up shows all that must be fixed. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
  }
}

/** Parses the environment (only the keys the schema knows; empty strings count as unset). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof RawConfig, string>> = {}): Readonly<Config> {
  const source: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = (overrides as Record<string, string | undefined>)[key] ?? env[key];
    if (value !== undefined && value !== '') source[key] = value;
  }
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}=${JSON.stringify(source[String(i.path[0])] ?? '')}: ${i.message}`));
  }
  const raw = parsed.data;
  const dataDir = path.resolve(raw.DATA_DIR);
  return Object.freeze({
    ...raw,
    DATA_DIR: dataDir,
    MODELS_DIR: path.resolve(raw.MODELS_DIR),
    DATABASE_URL: raw.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'app.sqlite')}`,
    PUBLIC_URL: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ''),
  });
}
