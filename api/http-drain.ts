/**
 * Graceful stop for the HTTP server: take no new connections, let requests in flight (uploads above all)
 * finish within a grace period, then answer what is left with 503 (so a client knows its upload was not
 * stored and retries) and close. Live event streams never end by themselves, so they are not waited for.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface HttpDrain {
  /** Requests running now, event streams excluded. */
  inFlight(): number;
  drain(graceMs: number): Promise<void>;
}

const isEventStream = (req: IncomingMessage) => (req.headers.accept ?? '').includes('text/event-stream');

export function trackRequests(server: Server): HttpDrain {
  const running = new Map<ServerResponse, IncomingMessage>();
  let draining = false;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isEventStream(req)) return;
    running.set(res, req);
    res.once('close', () => running.delete(res));
    // Once stopping, every answer tells the client not to reuse the connection.
    if (draining) res.setHeader('Connection', 'close');
  });
  return {
    inFlight: () => running.size,
    async drain(graceMs) {
      draining = true;
      for (const res of running.keys()) if (!res.headersSent) res.setHeader('Connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      for (const [res, req] of running) {
        if (!res.headersSent) {
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5', connection: 'close' });
          res.end(JSON.stringify({ error: { code: 'shutting_down', message: 'the server is stopping and did not store this request; retry it' } }));
        }
        // A body still arriving is cut off: its part's temp file is removed by the upload's own cleanup.
        req.destroy();
      }
      // Event streams and anything else still open.
      setTimeout(() => server.closeAllConnections(), 200).unref();
      await closed;
    },
  };
}
