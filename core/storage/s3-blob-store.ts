/**
 * Blob store on S3-compatible object storage. Originals are objects keyed by their SHA-256
 * (`{S3_PREFIX}originals/ab/cd/<sha256>`), uploaded from the staged file in parts (lib-storage), never
 * overwritten; reads stream from the bucket. Staging and derived files stay in a local working folder:
 * the hash must be known before the key is, and thumbnails are a cache each process may rebuild.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertSha256, BlobMissingError, type BlobStore, type StagedBlob, type StoredBlob } from './blob-store.ts';
import { objectSize, openObject } from './s3-client.ts';
import { StagingArea } from './staging-area.ts';

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix ('' or ending in '/'). */
  prefix: string;
  /** Local working folder for staging and derived files. */
  workDir: string;
}

/** 8 MiB parts: S3's minimum is 5 MiB; a 200 MB upload stays well under the 10,000-part limit. */
const PART_SIZE = 8 * 1024 * 1024;

export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly area: StagingArea;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.area = new StagingArea(options.workDir);
  }

  async init(): Promise<void> {
    await this.area.init();
    // Fail at start-up, not at the first upload, when the bucket is missing or the keys are wrong.
    await this.options.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
  }

  /** Object key of an original. */
  keyOf(sha256: string): string {
    assertSha256(sha256);
    return `${this.options.prefix}originals/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  stage(source: Readable, options: { maxBytes?: number } = {}): Promise<StagedBlob> {
    return this.area.stage(source, options);
  }

  async commit(staged: StagedBlob): Promise<boolean> {
    try {
      if (await this.has(staged.sha256)) return false;
      const upload = new Upload({
        client: this.options.client,
        partSize: PART_SIZE,
        queueSize: 4,
        params: {
          Bucket: this.options.bucket,
          Key: this.keyOf(staged.sha256),
          Body: createReadStream(staged.tmpPath),
          ContentLength: staged.size,
          Metadata: { sha256: staged.sha256 },
        },
      });
      await upload.done();
      return true;
    } finally {
      await rm(staged.tmpPath, { force: true });
    }
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

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  size(sha256: string): Promise<number | null> {
    return objectSize(this.options.client, this.options.bucket, this.keyOf(sha256));
  }

  async read(sha256: string): Promise<Readable> {
    const object = await openObject(this.options.client, this.options.bucket, this.keyOf(sha256));
    if (!object) throw new BlobMissingError(sha256);
    return object.body;
  }

  async withLocalFile<T>(sha256: string, use: (file: string) => Promise<T>): Promise<T> {
    const file = this.area.newTmpPath();
    try {
      const hash = createHash('sha256');
      const hasher = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(await this.read(sha256), hasher, createWriteStream(file));
      // The evidence rests on these bytes: a changed object is an error, never silently used.
      if (hash.digest('hex') !== sha256) throw new BlobMissingError(sha256, 'in the bucket does not match its hash');
      return await use(file);
    } finally {
      await rm(file, { force: true });
    }
  }

  derivedFile(sha256: string, variant: string, make: () => Promise<Uint8Array>): Promise<string> {
    return this.area.derivedFile(sha256, variant, make);
  }
}
