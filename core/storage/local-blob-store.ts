/**
 * Blob store on the local file system (the embedded default). Originals live under their SHA-256 in a
 * two-level fan-out and are made read-only; derived files and staging share the StagingArea.
 */
import { createReadStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertSha256, BlobMissingError, type BlobStore, type StagedBlob, type StoredBlob } from './blob-store.ts';
import { exists, StagingArea } from './staging-area.ts';

export class LocalBlobStore implements BlobStore {
  readonly kind = 'local' as const;
  private readonly originals: string;
  private readonly area: StagingArea;

  constructor(root: string) {
    this.originals = path.join(root, 'originals');
    this.area = new StagingArea(root);
  }

  async init(): Promise<void> {
    await mkdir(this.originals, { recursive: true, mode: 0o700 });
    await this.area.init();
  }

  /** Path of an original by hash (two-level fan-out keeps folders small). Local store only. */
  pathOf(sha256: string): string {
    assertSha256(sha256);
    return path.join(this.originals, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Path of a derived file (it may not exist yet). */
  derivedPath(sha256: string, variant: string): string {
    return this.area.derivedPath(sha256, variant);
  }

  stage(source: Readable, options: { maxBytes?: number } = {}): Promise<StagedBlob> {
    return this.area.stage(source, options);
  }

  async commit(staged: StagedBlob): Promise<boolean> {
    const target = this.pathOf(staged.sha256);
    if (await exists(target)) {
      await rm(staged.tmpPath, { force: true });
      return false;
    }
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    // Read-only, and for the server's account only.
    await chmod(staged.tmpPath, 0o400);
    await rename(staged.tmpPath, target);
    return true;
  }

  discard(staged: StagedBlob): Promise<void> {
    return this.area.discard(staged);
  }

  sweepTmp(olderThanMs: number): Promise<number> {
    return this.area.sweepTmp(olderThanMs);
  }

  async putStream(source: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const staged = await this.stage(source, options);
    return { sha256: staged.sha256, size: staged.size, created: await this.commit(staged) };
  }

  async putBuffer(bytes: Uint8Array): Promise<StoredBlob> {
    const staged = await this.area.stageBuffer(bytes);
    return { sha256: staged.sha256, size: staged.size, created: await this.commit(staged) };
  }

  has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch {
      return null;
    }
  }

  async read(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    if (!(await exists(file))) throw new BlobMissingError(sha256);
    return createReadStream(file);
  }

  async withLocalFile<T>(sha256: string, use: (file: string) => Promise<T>): Promise<T> {
    const file = this.pathOf(sha256);
    if (!(await exists(file))) throw new BlobMissingError(sha256);
    return use(file);
  }

  derivedFile(sha256: string, variant: string, make: () => Promise<Uint8Array>): Promise<string> {
    return this.area.derivedFile(sha256, variant, make);
  }
}
