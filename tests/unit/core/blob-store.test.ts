import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore, BlobTooLargeError } from '../../../core/storage/blob-store.ts';

describe('blob store', () => {
  let dir: string;
  let store: BlobStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'blobs-'));
    store = new BlobStore(dir);
    await store.init();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the bytes unchanged under their SHA-256, read-only, once', async () => {
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const first = await store.putStream(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));
    expect(first).toEqual({ sha256: sha, size: bytes.length, created: true });
    expect(await readFile(store.pathOf(sha))).toEqual(bytes);
    expect((await stat(store.pathOf(sha))).mode & 0o222).toBe(0);
    const second = await store.putBuffer(bytes);
    expect(second.created).toBe(false);
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

  it('never accepts a path as a hash or a variant', async () => {
    expect(() => store.pathOf('../../etc/passwd')).toThrow();
    expect(() => store.derivedPath('a'.repeat(64), '../x')).toThrow();
    await writeFile(path.join(dir, 'x'), 'x');
  });
});
