/**
 * Uploads files to a mission one request per file (so each gets its own progress bar), a few at a
 * time. XMLHttpRequest because fetch has no upload progress. Photos go to /images (part "files"),
 * flight logs to /flight-logs (part "file").
 */
import { errorText } from '../i18n/error-text.ts';
import { t } from '../i18n/i18n.ts';
import { apiUrl, authHeaders } from '../api/http.client.ts';

/** File name endings the server reads as flight logs. */
const LOG_EXT = /\.(csv|gpx|kml|srt|ulg|txt)$/i;

/** Whether a file is a flight log (not a photo). */
export function isFlightLog(file: File): boolean {
  return LOG_EXT.test(file.name) && !file.type.startsWith('image/');
}

/** What one upload reports while it runs and when it ends. */
export interface UploadCallbacks {
  progress: (fraction: number) => void;
  done: (reply: unknown) => void;
  failed: (reason: string) => void;
}

type ErrorBody = { error?: { code?: string; message?: string; details?: { images?: { error?: { code?: string; message?: string } | string }[] } } } | null;

/**
 * The reason to show for a refused upload. One file per request, so when the whole request is
 * refused the file's own reason (in details.images) says more than the generic top-level message.
 */
export function failureReason(body: unknown): string | undefined {
  const err = (body as ErrorBody)?.error;
  const own = err?.details?.images?.[0]?.error;
  if (typeof own === 'string') return own;
  if (own?.message) return errorText(own.code, own.message);
  return err?.message === undefined ? undefined : errorText(err.code, err.message);
}

/** Upload one file; resolves when the request ends (success or failure). */
export function uploadFile(missionId: string, file: File, cb: UploadCallbacks): Promise<void> {
  return new Promise((resolve) => {
    const log = isFlightLog(file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(`/missions/${missionId}/${log ? 'flight-logs' : 'images'}`));
    for (const [k, v] of Object.entries(authHeaders({ Accept: 'application/json' }))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) cb.progress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300) cb.done(body);
      else cb.failed(failureReason(body) ?? `HTTP ${xhr.status}`);
      resolve();
    };
    xhr.onerror = () => {
      cb.failed(t('error.network'));
      resolve();
    };
    const form = new FormData();
    form.append(log ? 'file' : 'files', file, file.name);
    xhr.send(form);
  });
}

/** Run `tasks` with at most `limit` in flight. */
export async function runLimited(tasks: (() => Promise<void>)[], limit = 3): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
