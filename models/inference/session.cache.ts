/**
 * One onnxruntime session per model file (and thread setting) per thread. Sessions are expensive to
 * create (graph optimisation, weight load) and safe to share between concurrent `run`s.
 */
import * as ort from 'onnxruntime-node';

const sessions = new Map<string, Promise<ort.InferenceSession>>();

/** Session options exposed to callers. */
export interface SessionOptions {
  /** Threads one inference may use; default 1, so N pool workers use N cores. */
  intraOpNumThreads?: number;
}

/**
 * The cached session for `file` (keyed by path, content hash and thread count, so a replaced file with a
 * new hash gets a new session). A failed creation is not cached.
 */
export function getSession(file: string, sha256: string, opts: SessionOptions = {}): Promise<ort.InferenceSession> {
  const threads = opts.intraOpNumThreads ?? 1;
  const key = `${file}|${sha256}|${threads}`;
  let session = sessions.get(key);
  if (!session) {
    session = ort.InferenceSession.create(file, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Warnings only (e.g. unused initializers) would flood worker logs.
      logSeverityLevel: 3,
    });
    sessions.set(key, session);
    session.catch(() => sessions.delete(key));
  }
  return session;
}

/** Releases every cached session (tests, graceful shutdown). */
export async function releaseSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  await Promise.all(all.map(async (s) => (await s.catch(() => null))?.release()));
}
