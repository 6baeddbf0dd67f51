/**
 * The local working folder both blob stores share: a tmp folder where uploads are staged while hashed,
 * and a derived folder (thumbnails, annotated copies) that is a cache and may be deleted at any time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSha256, assertVariant, BlobTooLargeError, type StagedBlob } from './blob-store.ts';

export class StagingArea {
  readonly tmp: string;
  readonly derived: string;

  constructor(root: string) {
    this.tmp = path.join(root, 'tmp');
    this.derived = path.join(root, 'derived');
  }

  async init(): Promise<void> {
    // Private to the server's account: photos are evidence.
    await Promise.all([this.tmp, this.derived].map((dir) => mkdir(dir, { recursive: true, mode: 0o700 })));
  }

  newTmpPath(): string {
    return path.join(this.tmp, randomUUID());
  }

  async stage(source: Readable, options: { maxBytes?: number } = {}): Promise<StagedBlob> {
    const tmpPath = this.newTmpPath();
    const hash = createHash('sha256');
    let size = 0;
    const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > limit) return done(new BlobTooLargeError(limit));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tmpPath, { mode: 0o600 }));
    } catch (error) {
      await rm(tmpPath, { force: true });
      throw error;
    }
    return { tmpPath, sha256: hash.digest('hex'), size };
  }

  async stageBuffer(bytes: Uint8Array): Promise<StagedBlob> {
    const tmpPath = this.newTmpPath();
    await writeFile(tmpPath, bytes, { mode: 0o600 });
    return { tmpPath, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength };
  }

  async sweepTmp(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of await readdir(this.tmp)) {
      const file = path.join(this.tmp, name);
      const info = await stat(file).catch(() => null);
      if (info && info.mtimeMs < cutoff) {
        await rm(file, { force: true, recursive: true });
        removed++;
      }
    }
    return removed;
  }

  async discard(staged: StagedBlob): Promise<void> {
    await rm(staged.tmpPath, { force: true });
  }

  /** Path for a derived file such as `<sha>.thumb-256.jpg`. */
  derivedPath(sha256: string, variant: string): string {
    assertSha256(sha256);
    assertVariant(variant);
    return path.join(this.derived, sha256.slice(0, 2), `${sha256}.${variant}`);
  }

  async derivedFile(sha256: string, variant: string, make: () => Promise<Uint8Array>): Promise<string> {
    const target = this.derivedPath(sha256, variant);
    if (await exists(target)) return target;
    const bytes = await make();
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const tmpPath = this.newTmpPath();
    await writeFile(tmpPath, bytes, { mode: 0o600 });
    await rename(tmpPath, target);
    return target;
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
