/**
 * The blob store: content-addressed originals (written once under their SHA-256, never modified) and
 * derived files (thumbnails, annotated copies) that can be deleted and rebuilt. Two implementations sit
 * behind this one interface: a local folder (local-blob-store.ts, the embedded default) and S3-compatible
 * object storage (s3-blob-store.ts). Everything that reads or writes photos goes through it.
 */
import type { Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  size: number;
  /** False when identical bytes were already stored. */
  created: boolean;
}

/** Bytes received and hashed into a local temporary file, not yet kept. */
export interface StagedBlob {
  tmpPath: string;
  sha256: string;
  size: number;
}

/** Raised when a stream passes the byte limit; the partial file is removed. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`file is larger than the limit of ${limit} bytes`);
  }
}

/** An original that the database names but the store does not hold (or holds with other bytes). */
export class BlobMissingError extends Error {
  constructor(
    readonly sha256: string,
    detail = 'is not in the blob store',
  ) {
    super(`original ${sha256} ${detail}`);
  }
}

export interface BlobStore {
  readonly kind: 'local' | 's3';
  init(): Promise<void>;
  /**
   * Streams bytes to a local temporary file while hashing; memory stays flat whatever the size. The caller
   * checks the staged file, then `commit`s it under its hash or `discard`s it, so nothing unreadable is kept.
   */
  stage(source: Readable, options?: { maxBytes?: number }): Promise<StagedBlob>;
  /** Keeps a staged file under its hash; false when identical bytes were already stored. */
  commit(staged: StagedBlob): Promise<boolean>;
  discard(staged: StagedBlob): Promise<void>;
  /** Stage and commit in one step (flight logs, attachments). */
  putStream(source: Readable, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** Stores a buffer (small files: site photos, generated fixtures). */
  putBuffer(bytes: Uint8Array): Promise<StoredBlob>;
  has(sha256: string): Promise<boolean>;
  /** Byte size of an original, null when it is not stored. */
  size(sha256: string): Promise<number | null>;
  /** Streams an original (downloads, evidence packages); throws BlobMissingError. */
  read(sha256: string): Promise<Readable>;
  /**
   * Runs `use` with a local file holding the original, for libraries that read files (sharp, onnxruntime,
   * exifr). On S3 it is a temporary download, checked against its hash and removed afterwards.
   */
  withLocalFile<T>(sha256: string, use: (file: string) => Promise<T>): Promise<T>;
  /**
   * Removes staged files nobody has written to for `olderThanMs` (uploads a crash cut off); returns how
   * many. A file still growing (an upload in flight in another process) is kept.
   */
  sweepTmp(olderThanMs: number): Promise<number>;
  /** A derived file of an original, made by `make` on first use and kept in a local, rebuildable cache. */
  derivedFile(sha256: string, variant: string, make: () => Promise<Uint8Array>): Promise<string>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Refuses anything but a lowercase SHA-256 hex string, so a hash can never be a path. */
export function assertSha256(sha256: string): void {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
}

/** Refuses a variant name that could leave its folder. */
export function assertVariant(variant: string): void {
  if (!/^[a-z0-9@._-]+$/i.test(variant) || variant.includes('..')) throw new Error('bad derived key');
}
