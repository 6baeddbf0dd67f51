/**
 * Server-Sent Events: finding.created, case.updated, mission.updated. Each event carries its database id,
 * so a browser reconnecting with Last-Event-ID gets exactly what it missed. Officers get the case events
 * of their own department; operators and docks get mission events only.
 */
import { Router, type Request } from 'express';
import type { StoredEvent } from '../../core/events/event-bus.ts';
import type { User } from '../../core/db/repositories/users.repository.ts';
import type { Services } from '../../core/services.ts';
import { currentUser } from '../auth.ts';
import { maySeeDepartment } from '../access/department-scope.ts';
import { errorResponses, registry } from '../openapi/registry.ts';

registry.registerPath({ method: 'get', path: '/api/v1/events', responses: { 200: { description: 'text/event-stream' }, ...errorResponses(401) } });

const HEARTBEAT_MS = 15_000;

export function mayReceive(user: User, event: StoredEvent): boolean {
  if (event.type === 'mission.updated') return true;
  if (user.role === 'operator' || user.role === 'dock') return false;
  return maySeeDepartment(user, (event.data as { departmentId?: string | null }).departmentId ?? null);
}

function lastEventId(req: Request): number | null {
  const raw = req.get('Last-Event-ID') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export function eventsRouter(s: Services): Router {
  const router = Router();
  router.get('/events', async (req, res) => {
    const user = currentUser(req);
    res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write('retry: 3000\n\n');

    let cursor = lastEventId(req) ?? (await s.events.lastId());
    let sending = false;
    let again = false;
    const flush = async () => {
      if (sending) {
        again = true;
        return;
      }
      sending = true;
      try {
        do {
          again = false;
          for (const event of await s.events.since(cursor)) {
            cursor = event.id;
            if (mayReceive(user, event)) res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
          }
        } while (again);
      } catch (error) {
        s.log.warn({ err: error }, 'SSE flush failed');
      } finally {
        sending = false;
      }
    };
    const stop = s.events.onEvent(() => void flush());
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      stop();
      clearInterval(heartbeat);
    });
    await flush();
  });
  return router;
}
