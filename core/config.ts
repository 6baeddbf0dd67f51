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
  ROLE: z.enum(['all', 'api', 'worker', 'dock-bridge']).default('all').describe('run the API, the workers, or both in one process; dock-bridge: the DJI Cloud API MQTT bridge alone'),
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
  ACTIVE_MODEL: z.string().optional().describe('name@version to activate at start, one per band, comma-separated (default: newest shipped of each band)'),
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
  RECOVERY_SWEEP_S: z.coerce.number().positive().default(5).describe('how often workers look for photos left stuck by a crash'),
  RECOVERY_MAX_ATTEMPTS: z.coerce.number().int().min(0).default(3).describe('times a photo is retried after crashes before it is failed for good'),
  SHUTDOWN_GRACE_S: z.coerce.number().min(0).default(20).describe('on SIGTERM, how long requests in flight (uploads) may take to finish'),
  SEPARATION_OF_DUTIES: bool.default(true).describe('whoever reports a case rectified may not also verify it'),
  BLOB_STORE: z.enum(['local', 's3']).default('local').describe('where originals live: $DATA_DIR/blobs or S3-compatible storage (S3_*)'),
  S3_ENDPOINT: z.string().url().optional().describe('S3-compatible endpoint (MinIO, OSS); unset = AWS S3 of S3_REGION'),
  S3_BUCKET: z.string().optional().describe('bucket for originals and dock uploads (needed by BLOB_STORE=s3 and the dock bridge)'),
  S3_REGION: z.string().default('us-east-1').describe('region of the bucket (also sent to docks)'),
  S3_ACCESS_KEY_ID: z.string().optional().describe('access key (unset: the AWS default credential chain)'),
  S3_SECRET_ACCESS_KEY: z.string().optional().describe('secret key belonging to S3_ACCESS_KEY_ID'),
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, 'empty or ending in /').default('').describe('key prefix inside the bucket (e.g. city-a/)'),
  S3_FORCE_PATH_STYLE: bool.default(false).describe('path-style URLs (MinIO, s3rver)'),
  S3_PROVIDER: z.enum(['aws', 'minio', 'ali']).default('minio').describe('storage provider named to docks in storage_config_get'),
  S3_DOCK_ENDPOINT: z.string().url().optional().describe('endpoint as the docks reach it (default S3_ENDPOINT)'),
  S3_STS_ROLE_ARN: z.string().optional().describe('role docks get temporary keys for (STS AssumeRole, scoped to their prefix); unset = the static keys'),
  S3_STS_ENDPOINT: z.string().url().optional().describe('STS endpoint (default S3_ENDPOINT for MinIO, AWS STS otherwise)'),
  DOCK_CREDENTIALS_TTL_S: z.coerce.number().int().min(900).max(43200).default(3600).describe('lifetime of the keys handed to docks'),
  MQTT_URL: z.string().regex(/^(mqtts?|wss?|tcp|ssl):\/\//, 'must start with mqtt://, mqtts://, ws:// or wss://').default('mqtt://127.0.0.1:1883').describe('broker the docks speak to (dock bridge)'),
  MQTT_USERNAME: z.string().optional().describe('broker user of the dock bridge'),
  MQTT_PASSWORD: z.string().optional().describe('broker password of the dock bridge'),
  DOCK_MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(256 * 1024).describe('larger MQTT messages from docks are dropped and logged'),
  DOCK_OFFLINE_AFTER_S: z.coerce.number().int().positive().default(60).describe('a dock silent this long is shown offline'),
  DJI_APP_ID: z.string().optional().describe('DJI Cloud API app id, answered to a dock\'s config request'),
  DJI_APP_KEY: z.string().optional().describe('DJI Cloud API app key (config request)'),
  DJI_APP_LICENSE: z.string().optional().describe('DJI Cloud API app licence (config request)'),
  DOCK_NTP_SERVER: z.string().optional().describe('NTP server host named to docks in the config reply (port 123)'),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0).describe('port a worker process serves /metrics on (0 = off; the API serves its own at /metrics)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12).describe('a sign-in session ends this many hours after it began'),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5).describe('wrong passwords for one account before it is locked (30 s, doubling up to 15 min)'),
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development').describe('production: no demo accounts, and no start without an admin account'),
  SIGNIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).default(30).describe('failed sign-ins from one address before it is locked likewise'),
  AUDIT_KEY: z.string().min(32, 'at least 32 characters').optional().describe('HMAC key of the audit chain (dev: generated into $DATA_DIR/audit.key)'),
  MAX_IMAGE_PIXELS: z.coerce.number().int().positive().default(100_000_000).describe('largest accepted photo, width x height (422 above)'),
  ANNOTATE_MAX_EDGE: z.coerce.number().int().min(256).max(16384).default(8192).describe('annotated copies are drawn at most this many px on the long edge'),
  MAX_FLIGHT_LOG_BYTES: z.coerce.number().int().positive().default(32 * 1024 * 1024).describe('largest accepted flight log, bytes (413 above)'),
  FLIGHT_LOG_PARSE_HEAP_MB: z.coerce.number().int().min(64).default(2048).describe('heap of the thread that parses a flight log (GPX/KML take ~100x their size)'),
  COVERAGE_MAX_INTERVALS: z.coerce.number().int().positive().default(400).describe('coverage: most intervals per zone in one request (400 above)'),
  JSON_BODY_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024).describe('largest JSON request body, bytes (413 above)'),
  WEBHOOK_ALLOW_PRIVATE: bool.default(false).describe('let webhooks reach loopback, private, link-local and unique-local addresses'),
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().positive().default(900).describe('window of the failed-authentication and upload limits'),
  AUTH_FAILURE_LIMIT: z.coerce.number().int().positive().default(50).describe('failed authentications per client address per window (429 above)'),
  UPLOAD_LIMIT: z.coerce.number().int().positive().default(3000).describe('upload requests per user per window (429 above)'),
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
  const needsBucket = raw.BLOB_STORE === 's3' || raw.ROLE === 'dock-bridge';
  if (needsBucket && !raw.S3_BUCKET) throw new ConfigError([`S3_BUCKET="": required with BLOB_STORE=s3 and ROLE=dock-bridge`]);
  if (!raw.S3_ACCESS_KEY_ID !== !raw.S3_SECRET_ACCESS_KEY) throw new ConfigError(['S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: set both or neither']);
  const dataDir = path.resolve(raw.DATA_DIR);
  return Object.freeze({
    ...raw,
    DATA_DIR: dataDir,
    MODELS_DIR: path.resolve(raw.MODELS_DIR),
    DATABASE_URL: raw.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'app.sqlite')}`,
    PUBLIC_URL: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ''),
  });
}
