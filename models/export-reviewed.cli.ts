/**
 * npm run export:reviewed -- --out DIR [--since ISO] [--until ISO] [--tile 640]
 * Writes what officers decided as training tiles (confirmed hazards, and dismissed false alarms as hard
 * negatives) into a new or empty DIR, for Ultralytics (data.yaml) or models/training/train.py (copy DIR
 * in as a shard folder). Reads the configured database and blob store (DATABASE_URL, DATA_DIR); needs no
 * Redis. Progress goes to stderr, a JSON summary to stdout.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { migrate, openDatabase } from '../core/db/database.ts';
import { DetectionsRepository } from '../core/db/repositories/detections.repository.ts';
import { FindingsRepository } from '../core/db/repositories/findings.repository.ts';
import { ImagesRepository } from '../core/db/repositories/images.repository.ts';
import { openBlobStore } from '../core/storage/open-blob-store.ts';
import { ExportFolderNotEmptyError, exportReviewed } from './training-export/export-reviewed.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    tile: { type: 'string', default: '640' },
  },
});
const usage = 'usage: npm run export:reviewed -- --out DIR [--since 2026-01-01] [--until 2026-07-01] [--tile 640]';
const tileSize = Number(values.tile);
const isDate = (v: string | undefined) => v === undefined || !Number.isNaN(Date.parse(v));
if (!values.out || !(Number.isInteger(tileSize) && tileSize >= 64) || !isDate(values.since) || !isDate(values.until)) {
  process.stderr.write(`${usage}\n  --tile: a whole number of pixels, at least 64; --since/--until: ISO dates\n`);
  process.exit(2);
}
const config = loadConfig();
const db = openDatabase(config.DATABASE_URL);
await migrate(db);
const blobs = await openBlobStore(config);
try {
  const summary = await exportReviewed(
    { findings: new FindingsRepository(db.kysely), detections: new DetectionsRepository(db.kysely), images: new ImagesRepository(db.kysely), blobs },
    values.out,
    { since: values.since, until: values.until, tileSize, onProgress: (done, total, imageId) => process.stderr.write(`[${done}/${total}] ${imageId}\n`) },
  );
  process.stdout.write(`${JSON.stringify({ out: path.resolve(values.out), ...summary })}\n`);
  if (summary.tiles === 0) process.stderr.write('no tiles: no photo has a confirmed or dismissed case yet (or every reviewed box sits beside an unreviewed one)\n');
} catch (e) {
  if (!(e instanceof ExportFolderNotEmptyError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 2;
} finally {
  await db.close();
}
