/**
 * One Server-Sent Events stream per tab (GET /api/v1/events, with the session cookie), fanned out to the
 * pages that subscribe. EventSource reconnects by itself; we only show whether it is connected.
 */
import { authedUrl } from '../api/http.client.ts';
import { t } from '../i18n/i18n.ts';

export type LiveEventType = 'finding.created' | 'case.updated' | 'mission.updated';
type Handler = (data: unknown) => void;

const handlers = new Map<LiveEventType, Set<Handler>>();
let source: EventSource | null = null;

function setStatus(ok: boolean): void {
  const el = document.getElementById('live-status');
  if (!el) return;
  el.textContent = ok ? `● ${t('live.connected')}` : `○ ${t('live.disconnected')}`;
  el.className = ok ? 'live live-on' : 'live live-off';
}

/** Open the stream (idempotent). */
export function connectLive(): void {
  if (source) {
    setStatus(source.readyState === EventSource.OPEN);
    return;
  }
  source = new EventSource(authedUrl('/events'));
  source.onopen = () => setStatus(true);
  source.onerror = () => setStatus(false);
  for (const type of ['finding.created', 'case.updated', 'mission.updated'] as const) {
    source.addEventListener(type, (e) => {
      let data: unknown;
      try {
        data = JSON.parse((e as MessageEvent<string>).data);
      } catch {
        return; // a malformed event is skipped, the stream goes on
      }
      for (const fn of handlers.get(type) ?? []) fn(data);
    });
  }
}

/** Close the stream (log out). */
export function disconnectLive(): void {
  source?.close();
  source = null;
}

/** Listen for one event type; returns the unsubscribe function. */
export function onLive(type: LiveEventType, fn: Handler): () => void {
  let set = handlers.get(type);
  if (!set) handlers.set(type, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}
