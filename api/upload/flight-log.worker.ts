/**
 * Thread side of {@link parseFlightLogInThread}: reads the staged file and parses it, so a big or slow
 * log never holds the API's event loop. Errors go back with their HTTP meaning.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../core/errors.ts';
import { parseFlightLog } from '../../core/pipeline/flightlog/parse-flight-log.ts';

const { file, filename } = workerData as { file: string; filename: string };
try {
  parentPort!.postMessage({ track: parseFlightLog(await readFile(file), filename) });
} catch (error) {
  const e = error as Error;
  parentPort!.postMessage({ error: error instanceof AppError ? { status: error.status, code: error.code, message: e.message, details: error.details } : { message: e.message } });
}
