/**
 * One contract, two blob stores: the local folder and S3-compatible storage (a real s3rver started here).
 * Content addressing, byte-identical originals, streamed reads, limits and refusals hold on both.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BlobMissingError, BlobTooLargeError, type BlobStore } from '../../core/storage/blob-store.ts';
import { LocalBlobStore } from '../../core/storage/local-blob-store.ts';
import { S3BlobStore } from '../../core/storage/s3-blob-store.ts';
import { createS3Client } from '../../core/storage/s3-client.ts';
import { loadConfig } from '../../core/config.ts';
import { startTestS3, type TestS3 } from '../helpers/s3-server.ts';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Over two 8 MiB parts, so the S3 store's multipart path is the one exercised. */
const LARGE = Buffer.from(Array.from({ length: 17 * 1024 * 1024 + 123 }, (_, i) => (i * 7919) % 256));

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(() => s3.close());

const makers: Record<string, (dir: string) => BlobStore> = {
  local: (dir) => new LocalBlobStore(dir),
  s3: (dir) => new S3BlobStore({ client: createS3Client(loadConfig({}, s3.env)), bucket: s3.bucket, prefix: `run-${path.basename(dir)}/`, workDir: dir }),
};

for (const [kind, make] of Object.entries(makers)) {
  describe(`blob store contract [${kind}]`, () => {
    let dir: string;
    let store: BlobStore;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'blobs-'));
      store = make(dir);
      await store.init();
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('keeps the bytes unchanged under their SHA-256, once, and streams them back', async () => {
      const first = await store.putStream(Readable.from([LARGE.subarray(0, 1000), LARGE.subarray(1000)]));
      expect(first).toEqual({ sha256: sha(LARGE), size: LARGE.length, created: true });
      expect(await store.has(first.sha256)).toBe(true);
      expect(await store.size(first.sha256)).toBe(LARGE.length);
      const back = await buffer(await store.read(first.sha256));
      expect(sha(back)).toBe(first.sha256);
      expect(back.equals(LARGE)).toBe(true);
      const second = await store.putBuffer(LARGE);
      expect(second).toEqual({ sha256: first.sha256, size: LARGE.length, created: false });
      expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
    });

    it('lends a local copy of an original and removes any temporary one afterwards', async () => {
      const bytes = Buffer.from('a small original');
      const { sha256 } = await store.putBuffer(bytes);
      let seen = '';
      const read = await store.withLocalFile(sha256, async (file) => {
        seen = file;
        return readFile(file);
      });
      expect(read.equals(bytes)).toBe(true);
      if (kind === 's3') await expect(stat(seen)).rejects.toThrow();
      expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
    });

    it('refuses a stream over the limit and leaves nothing behind', async () => {
      await expect(store.stage(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { maxBytes: 1000 })).rejects.toBeInstanceOf(BlobTooLargeError);
      expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
    });

    it('discards a staged file that the caller refuses', async () => {
      const staged = await store.stage(Readable.from([Buffer.from('not a photo')]));
      await store.discard(staged);
      expect(await store.has(staged.sha256)).toBe(false);
      expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
    });

    it('answers a missing original clearly', async () => {
      const absent = 'e'.repeat(64);
      expect(await store.has(absent)).toBe(false);
      expect(await store.size(absent)).toBeNull();
      await expect(store.read(absent)).rejects.toBeInstanceOf(BlobMissingError);
      await expect(store.withLocalFile(absent, async () => 1)).rejects.toBeInstanceOf(BlobMissingError);
    });

    it('makes a derived file once and never accepts a path as a hash or a variant', async () => {
      const { sha256 } = await store.putBuffer(Buffer.from('x'));
      let made = 0;
      const make = async () => {
        made++;
        return Buffer.from('thumb');
      };
      const file = await store.derivedFile(sha256, 'thumb-320.jpg', make);
      expect(await store.derivedFile(sha256, 'thumb-320.jpg', make)).toBe(file);
      expect(made).toBe(1);
      await expect(store.derivedFile(sha256, '../x', make)).rejects.toThrow();
      await expect(store.read('../../etc/passwd')).rejects.toThrow(/not a sha256/);
    });
  });
}

describe('local blob store', () => {
  it('makes originals read-only', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'blobs-'));
    const store = new LocalBlobStore(dir);
    await store.init();
    const { sha256 } = await store.putBuffer(Buffer.from('evidence'));
    expect((await stat(store.pathOf(sha256))).mode & 0o222).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });
});
