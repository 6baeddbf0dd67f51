/**
 * Blob store benchmark: keep and stream back originals through the local folder and through S3 (an
 * s3rver started here, so a loopback S3 with no network cost: the ratio is the store's own overhead,
 * not a production S3's). Each store in turn, side by side in one run. Prints JSON lines, no assertions.
 * Run: npx tsx bench/blob-store.bench.ts [--mb 12] [--files 8]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';
import { loadConfig } from '../core/config.ts';
import type { BlobStore } from '../core/storage/blob-store.ts';
import { LocalBlobStore } from '../core/storage/local-blob-store.ts';
import { S3BlobStore } from '../core/storage/s3-blob-store.ts';
import { createS3Client } from '../core/storage/s3-client.ts';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '12' }, files: { type: 'string', default: '8' } } });
const size = Number(values.mb) * 1024 * 1024;
const files = Number(values.files);
const root = mkdtempSync(path.join(os.tmpdir(), 'blob-bench-'));
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(root, 's3'), configureBuckets: [{ name: 'bench', configs: [] }] });
const { port } = (await server.run()) as AddressInfo;
const config = loadConfig({}, { BLOB_STORE: 's3', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_BUCKET: 'bench', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' });
const stores: Record<string, BlobStore> = {
  local: new LocalBlobStore(path.join(root, 'local')),
  s3: new S3BlobStore({ client: createS3Client(config), bucket: 'bench', prefix: '', workDir: path.join(root, 's3-work') }),
};
const payloads = Array.from({ length: files }, (_, i) => Buffer.alloc(size, i + 1));
const results: Record<string, { putMBs: number; readMBs: number }> = {};
try {
  for (const [name, store] of Object.entries(stores)) {
    await store.init();
    let t = performance.now();
    const shas = [];
    for (const p of payloads) shas.push((await store.putBuffer(p)).sha256);
    const putMs = performance.now() - t;
    t = performance.now();
    for (const sha of shas) await buffer(await store.read(sha));
    const readMs = performance.now() - t;
    const mb = (size * files) / 1024 / 1024;
    results[name] = { putMBs: Math.round((mb / putMs) * 1000), readMBs: Math.round((mb / readMs) * 1000) };
    process.stdout.write(`${JSON.stringify({ bench: 'blob-store', store: name, files, mbEach: Number(values.mb), putMBs: results[name].putMBs, readMBs: results[name].readMBs })}\n`);
  }
  const ratio = (k: 'putMBs' | 'readMBs') => Math.round((results.s3![k] / results.local![k]) * 100) / 100;
  process.stdout.write(`${JSON.stringify({ bench: 'blob-store', ratio: 's3/local (loopback s3rver)', put: ratio('putMBs'), read: ratio('readMBs') })}\n`);
} finally {
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
