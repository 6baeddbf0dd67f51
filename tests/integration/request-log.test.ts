/**
 * Access tokens stay out of the request log: a real Express app with the real middleware and a real
 * pino logger writing to memory, called over HTTP with a bearer header and with `?access_token=`.
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { requestLog, scrubRequest, scrubUrl } from '../../api/request-log.ts';

const TOKEN = 'tok_3f9a7c1e5b2d4f60a8c9e1b7d3f5a2c4';

describe('request log', () => {
  it('logs method, path and status but never a token', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
    const app = express();
    app.use(requestLog(pino({ level: 'info' }, sink)));
    app.get('/api/v1/images/:id/annotated', (_req, res) => res.send('ok'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await fetch(`${base}/api/v1/images/abc/annotated?size=big&access_token=${TOKEN}`);
      await fetch(`${base}/api/v1/images/abc/annotated`, { headers: { authorization: `Bearer ${TOKEN}`, cookie: `session=${TOKEN}` } });
    } finally {
      server.close();
    }
    const log = lines.join('');
    expect(lines).toHaveLength(2);
    expect(log).not.toContain(TOKEN);
    const [byQuery, byHeader] = lines.map((l) => JSON.parse(l) as { req: { url: string; query: Record<string, string>; headers: Record<string, string> }; res: { statusCode: number } });
    expect(byQuery!.req.url).toBe('/api/v1/images/abc/annotated?size=big&access_token=[redacted]');
    expect(byQuery!.req.query).toEqual({ size: 'big', access_token: '[redacted]' });
    expect(byHeader!.req.headers.authorization).toBe('[redacted]');
    expect(byHeader!.req.headers.cookie).toBe('[redacted]');
    expect(byHeader!.res.statusCode).toBe(200);
  });

  it('scrubs a token wherever it sits in a URL (the error log uses this too)', () => {
    expect(scrubUrl(`/a?access_token=${TOKEN}`)).toBe('/a?access_token=[redacted]');
    expect(scrubUrl(`/a?x=1&ACCESS_TOKEN=${TOKEN}&y=2`)).toBe('/a?x=1&ACCESS_TOKEN=[redacted]&y=2');
    expect(scrubUrl('/a?my_access_token=keep')).toBe('/a?my_access_token=keep');
  });

  it('leaves a request without secrets as it was, keeping only the headers worth a log line', () => {
    const req = { method: 'GET', url: '/api/v1/cases?status=new', query: { status: 'new' }, headers: { 'user-agent': 'curl/8', accept: 'application/json', 'sec-fetch-mode': 'cors' } };
    expect(scrubRequest(req)).toEqual({ ...req, headers: { 'user-agent': 'curl/8' } });
  });
});
