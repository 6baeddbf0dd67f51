/**
 * Streams a stored original to the client from whichever blob store holds it, never buffered whole.
 * Originals never change, so the hash is a strong ETag and a repeated request is answered 304.
 */
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { NotFoundError } from '../core/errors.ts';
import type { BlobStore } from '../core/storage/blob-store.ts';

export async function sendBlob(blobs: BlobStore, sha256: string, res: Response): Promise<void> {
  const size = await blobs.size(sha256);
  if (size === null) throw new NotFoundError('original', sha256);
  const etag = `"${sha256}"`;
  res.set('ETag', etag).set('Cache-Control', 'private, max-age=31536000, immutable');
  if (res.req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  res.set('Content-Length', String(size));
  await pipeline(await blobs.read(sha256), res);
}
