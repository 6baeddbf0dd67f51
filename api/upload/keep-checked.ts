/**
 * One uploaded part, kept only if it passes: staged to disk while hashed, refused with 413 past the
 * byte limit, handed to `check` (parse, sniff), then committed under its hash — or discarded on any error.
 */
import type { Readable } from 'node:stream';
import { AppError } from '../../core/errors.ts';
import type { BlobStore, StagedBlob } from '../../core/storage/blob-store.ts';
import type { PartInfo } from './multipart.ts';

export async function keepChecked<T>(
  blobs: BlobStore,
  stream: Readable,
  part: PartInfo,
  maxBytes: number,
  check: (staged: StagedBlob) => Promise<T>,
  /** The configuration key that sets `maxBytes`, named in the 413 message. */
  limitKey = 'MAX_UPLOAD_BYTES',
): Promise<{ value: T; staged: StagedBlob }> {
  const staged = await blobs.stage(stream);
  try {
    if (part.truncated()) throw new AppError(413, 'too_large', `file is larger than the limit of ${maxBytes} bytes (${limitKey})`);
    const value = await check(staged);
    await blobs.commit(staged);
    return { value, staged };
  } catch (error) {
    await blobs.discard(staged);
    throw error;
  }
}
