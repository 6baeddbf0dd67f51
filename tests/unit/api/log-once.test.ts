import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LogOnce } from '../../../api/dock/log-once.ts';

describe('log once', () => {
  it('logs each key once per window, again after it, and every distinct key', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const once = new LogOnce(pino({}, sink), 1000);
    expect(once.warn('unknown-dock:X1', { sn: 'X1' }, 'ignored', 0)).toBe(true);
    expect(once.warn('unknown-dock:X1', { sn: 'X1' }, 'ignored', 999)).toBe(false);
    expect(once.warn('unknown-dock:X2', { sn: 'X2' }, 'ignored', 999)).toBe(true);
    expect(once.warn('unknown-dock:X1', { sn: 'X1' }, 'ignored', 1000)).toBe(true);
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, sn: 'X1', msg: expect.stringContaining('once an hour per unknown-dock') });
  });
});
