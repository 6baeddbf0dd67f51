/**
 * Parses a staged flight log in a worker thread of its own with a bounded heap: a 150 MB log parsed on
 * the main thread held /healthz for 9 s and took 3.1 GB. One log is parsed at a time per process, so two
 * big ones do not add up; the API keeps answering meanwhile.
 */
import type { Track } from '../../core/domain.ts';
import { AppError, BadInputError } from '../../core/errors.ts';
import { typescriptWorker } from '../../core/threads/typescript-worker.ts';

const WORKER_URL = new URL('./flight-log.worker.ts', import.meta.url);

type Reply = { track: Track } | { error: { status?: number; code?: string; message: string; details?: unknown } };

let queue: Promise<unknown> = Promise.resolve();

/** @param heapMb the thread's old-generation heap (FLIGHT_LOG_PARSE_HEAP_MB); past it the log is refused (422). */
export function parseFlightLogInThread(file: string, filename: string, heapMb: number): Promise<Track> {
  const run = queue.then(() => parseOnce(file, filename, heapMb));
  queue = run.catch(() => undefined);
  return run;
}

function parseOnce(file: string, filename: string, heapMb: number): Promise<Track> {
  return new Promise((resolve, reject) => {
    const worker = typescriptWorker(WORKER_URL, { workerData: { file, filename }, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (reply: Reply) =>
      settle(() => {
        if ('track' in reply) return resolve(reply.track);
        const e = reply.error;
        if (e.status && e.code) reject(e.status < 500 ? new BadInputError(e.code, e.message, e.details, e.status) : new AppError(e.status, e.code, e.message, e.details));
        else reject(new Error(e.message));
      }),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError(422, 'log_too_complex', `reading this flight log needs more than ${heapMb} MB of memory (FLIGHT_LOG_PARSE_HEAP_MB); GPX and KML take about 100 times their size: split the log or send it as CSV`)
            : error,
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new Error(`flight log parser exited with code ${code}`))));
  });
}
