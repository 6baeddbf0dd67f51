/** Picks the blob store the config names (BLOB_STORE) and readies it. */
import path from 'node:path';
import type { Config } from '../config.ts';
import type { BlobStore } from './blob-store.ts';
import { LocalBlobStore } from './local-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';
import { createS3Client } from './s3-client.ts';

export async function openBlobStore(config: Readonly<Config>): Promise<BlobStore> {
  const root = path.join(config.DATA_DIR, 'blobs');
  const store: BlobStore =
    config.BLOB_STORE === 's3'
      ? new S3BlobStore({ client: createS3Client(config), bucket: config.S3_BUCKET!, prefix: config.S3_PREFIX, workDir: root })
      : new LocalBlobStore(root);
  await store.init();
  return store;
}
