/**
 * Streams multipart parts one at a time to a handler, never buffering a whole file. Each part's
 * outcome is collected; a malformed body stops reading but keeps what was already accepted.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { AppError, BadInputError } from '../../core/errors.ts';

export interface PartInfo {
  field: string;
  /** The client's file name reduced to a safe display name (never used as a path). */
  filename: string;
  mimeType: string;
  /** True once the part passed the byte limit (the handler must refuse it). */
  truncated: () => boolean;
}

export interface ReceiveResult<T> {
  results: T[];
  /** Set when the body broke off or was not valid multipart. */
  malformed: string | null;
}

/** Keeps the last path segment, drops control and path characters: a name to show, never a path. */
export function safeDisplayName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^\.+/, '').slice(0, 200);
  return cleaned || 'unnamed';
}

export function receiveFiles<T>(
  req: Request,
  options: { fields: string[]; maxBytes: number; maxFiles?: number },
  /** Consumes one part; what it throws rejects the whole call once the body has been read. */
  handle: (stream: Readable, info: PartInfo) => Promise<T>,
): Promise<ReceiveResult<T>> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) {
    return Promise.reject(new BadInputError('not_multipart', 'expected multipart/form-data with file parts', { field: options.fields[0] }, 415));
  }
  return new Promise((resolve, reject) => {
    const results: T[] = [];
    let failure: unknown = null;
    let order = 0;
    let malformed: string | null = null;
    let chain: Promise<void> = Promise.resolve();
    let bb: busboy.Busboy;
    try {
      // Browsers send file names as raw UTF-8 (WHATWG); busboy reads them as latin1 unless told (Chinese names came out garbled).
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: options.maxBytes, files: options.maxFiles ?? 1000 } });
    } catch (error) {
      resolve({ results, malformed: (error as Error).message });
      return;
    }
    // Parts still being read: a client that goes away mid-file must not leave them (and the temp file
    // and descriptor their handler holds) waiting for bytes that will never come.
    const openParts = new Set<Readable>();
    bb.on('file', (field, stream, info) => {
      // A body that ends mid-part makes busboy emit 'error' on the part's stream, also on a part nobody
      // reads or after its handler stopped listening (found by fuzzing: an unlistened 'error' ends the
      // process). The body's fault is reported through `malformed`; a handler sees its stream fail.
      stream.on('error', () => undefined);
      if (!options.fields.includes(field)) {
        stream.resume();
        return;
      }
      openParts.add(stream);
      stream.once('end', () => openParts.delete(stream));
      stream.once('close', () => openParts.delete(stream));
      let truncated = false;
      stream.on('limit', () => {
        truncated = true;
      });
      const part: PartInfo = { field, filename: safeDisplayName(info.filename), mimeType: info.mimeType, truncated: () => truncated };
      // Parts are handled as they arrive; the chain keeps the results in request order.
      const slot = order++;
      const work = handle(stream, part).then(
        (result) => {
          results[slot] = result;
        },
        (error: unknown) => {
          failure ??= error;
          stream.resume();
        },
      );
      chain = chain.then(() => work);
    });
    // A handler's own error (an unreadable flight log, say) wins over the partial results.
    // A part cut short by a broken body fails with the stream's error: that is the body's fault (400).
    const finish = () =>
      chain.then(() => {
        if (failure && !(malformed && !(failure instanceof AppError))) reject(failure);
        else resolve({ results: results.filter((r) => r !== undefined), malformed });
      });
    bb.on('error', (error: Error) => {
      malformed = error.message;
      req.unpipe(bb);
      req.resume();
      void finish();
    });
    bb.on('close', () => void finish());
    req.on('close', () => {
      if (req.complete) return;
      malformed = 'the request was aborted before its end';
      const aborted = new Error(malformed);
      for (const part of openParts) part.destroy(aborted);
      req.unpipe(bb);
      void finish();
    });
    req.pipe(bb);
  });
}
