/**
 * Content-addressed blob store on the local file system. Originals are written once under their SHA-256
 * and never modified (files are made read-only); derived files (thumbnails, annotated copies) live in a
 * separate folder so they can be deleted and rebuilt without touching evidence.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  sha256: string;
  size: number;
  /** False when identical bytes were already stored. */
  created: boolean;
}

/** Raised when a stream passes the byte limit; the partial file is removed. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`file is larger than the limit of ${limit} bytes`);
  }
}

export interface StagedBlob {
  tmpPath: string;
  sha256: string;
  size: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

export class BlobStore {
  private readonly originals: string;
  private readonly derived: string;
  private readonly tmp: string;

  constructor(root: string) {
    this.originals = path.join(root, 'originals');
    this.derived = path.join(root, 'derived');
    this.tmp = path.join(root, 'tmp');
  }

  async init(): Promise<void> {
    await Promise.all([this.originals, this.derived, this.tmp].map((dir) => mkdir(dir, { recursive: true, mode: 0o700 })));
  }

  /**
   * Removes temporary files nobody has written to for `olderThanMs`: uploads cut off by a crash. Several
   * processes may share the folder, so a file still growing (an upload in flight elsewhere) is kept.
   */
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

  /** Path of an original by hash (two-level fan-out keeps folders small). */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.originals, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Streams bytes to a temporary file while hashing; memory stays flat whatever the size. The caller
   * checks the staged file, then `commit`s it under its hash or `discard`s it, so nothing unreadable is kept.
   */
  async stage(source: Readable, options: { maxBytes?: number } = {}): Promise<StagedBlob> {
    const tmpPath = path.join(this.tmp, randomUUID());
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

  /** Moves a staged file under its hash; false when identical bytes were already stored. */
  commit(staged: StagedBlob): Promise<boolean> {
    return this.adopt(staged.tmpPath, staged.sha256);
  }

  async discard(staged: StagedBlob): Promise<void> {
    await rm(staged.tmpPath, { force: true });
  }

  /** Stage and commit in one step (flight logs, attachments: checked before or after as the caller likes). */
  async putStream(source: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const staged = await this.stage(source, options);
    return { sha256: staged.sha256, size: staged.size, created: await this.commit(staged) };
  }

  /** Stores a buffer (small files: site photos, generated fixtures). */
  async putBuffer(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const tmpPath = path.join(this.tmp, randomUUID());
    await writeFile(tmpPath, bytes, { mode: 0o600 });
    return { sha256, size: bytes.byteLength, created: await this.adopt(tmpPath, sha256) };
  }

  private async adopt(tmpPath: string, sha256: string): Promise<boolean> {
    const target = this.pathOf(sha256);
    if (await exists(target)) {
      await rm(tmpPath, { force: true });
      return false;
    }
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    // Read-only, and for the server's account only.
    await chmod(tmpPath, 0o400);
    await rename(tmpPath, target);
    return true;
  }

  has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  read(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  /** Path for a derived file such as `<sha>.thumb-256.jpg`; created lazily by the caller. */
  derivedPath(sha256: string, variant: string): string {
    if (!SHA256.test(sha256) || !/^[a-z0-9@._-]+$/i.test(variant)) throw new Error('bad derived key');
    return path.join(this.derived, sha256.slice(0, 2), `${sha256}.${variant}`);
  }

  async writeDerived(sha256: string, variant: string, bytes: Uint8Array): Promise<string> {
    const target = this.derivedPath(sha256, variant);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const tmpPath = path.join(this.tmp, randomUUID());
    await writeFile(tmpPath, bytes, { mode: 0o600 });
    await rename(tmpPath, target);
    return target;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
