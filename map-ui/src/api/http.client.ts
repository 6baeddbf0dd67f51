/**
 * The one place that talks JSON to /api/v1, and turns the API's error envelope ({"error": {"code",
 * "message"}}) into an ApiError the pages can show. The browser authenticates every request itself with
 * the HttpOnly session cookie the sign-in set: no page script ever holds a token or the session id.
 */
import { errorText } from '../i18n/error-text.ts';

/** Base path of the API; relative so the built app works behind any prefix the server mounts it at. */
export const API_BASE = 'api/v1';

/** An HTTP failure with the API's code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Absolute-enough URL for an API path ("/missions" -> "api/v1/missions"). */
export function apiUrl(path: string, query?: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

/** URL for a GET the browser loads itself (<img>, <a download>, EventSource): the session cookie goes along. */
export function authedUrl(path: string, query?: Record<string, string | number | undefined>): string {
  return apiUrl(path, query);
}

/** Headers for an API request (the cookie needs none; kept as the one place to add some). */
export function authHeaders(extra?: Record<string, string>): Record<string, string> {
  return { ...extra };
}

async function toError(res: Response): Promise<ApiError> {
  let code = `http_${res.status}`;
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
    // The reader's language where the code is known; the server's words otherwise.
    const fields = Array.isArray(body.error?.details) ? (body.error.details as { field?: string }[]).map((d) => d.field).filter(Boolean).join(', ') : '';
    message = errorText(code, message, { fields });
  } catch {
    // not JSON: keep the status text
  }
  return new ApiError(res.status, code, message);
}

/** GET JSON from the API. */
export async function getJson<T>(path: string, query?: Parameters<typeof apiUrl>[1], signal?: AbortSignal): Promise<T> {
  const res = await fetch(apiUrl(path, query), { headers: authHeaders({ Accept: 'application/json' }), signal });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

/** POST JSON to the API and read the JSON reply. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(apiUrl(path), {
    method: 'POST',
    headers: authHeaders({ 'Content-Type': 'application/json', Accept: 'application/json' }),
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

/** PUT, PATCH, POST or DELETE with an optional JSON body; the JSON reply, or null for 204. */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T | null> {
  const res = await fetch(apiUrl(path), {
    method,
    headers: authHeaders({ Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw await toError(res);
  return res.status === 204 ? null : ((await res.json()) as T);
}

/** POST multipart form data (small files: site photos) and read the JSON reply. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  const res = await fetch(apiUrl(path), { method: 'POST', headers: authHeaders({ Accept: 'application/json' }), body: form });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

/** GET a binary resource with the bearer header (evidence zip, images) as a Blob. */
export async function getBlob(path: string): Promise<Blob> {
  const res = await fetch(apiUrl(path), { headers: authHeaders() });
  if (!res.ok) throw await toError(res);
  return res.blob();
}
