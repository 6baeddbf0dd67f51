/** What every abuse test checks besides the status: the server still answers, and what was stored. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { TestServer } from '../../helpers/test-server.ts';
import type { TestServices } from '../../helpers/test-services.ts';

/** GET /healthz answers 200 with the database and Redis up. */
export async function expectHealthy(srv: TestServer): Promise<void> {
  const res = await fetch(`${srv.base}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok' });
}

/** Every file under a folder of the data directory (relative paths), [] when it does not exist. */
export async function filesUnder(s: TestServices, folder: string): Promise<string[]> {
  try {
    const entries = await readdir(path.join(s.dataDir, folder), { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(path.join(s.dataDir, folder), path.join(e.parentPath, e.name)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** A multipart/form-data body with one file part, by hand, so a test can stream it and see when it was sent. */
export function multipart(field: string, filename: string, bytes: Uint8Array, contentType = 'application/octet-stream'): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const boundary = `----abuse${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`, 'utf8');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: new Uint8Array(Buffer.concat([head, bytes, tail])), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A GPX track of `n` points, 0.1 s apart, near Dongying port. */
export function gpxTrack(n: number): Buffer {
  const t0 = Date.UTC(2026, 10, 1, 2);
  const points: string[] = [];
  for (let i = 0; i < n; i++) {
    points.push(`<trkpt lat="${(38.03 + i * 1e-6).toFixed(7)}" lon="${(118.95 + i * 1e-6).toFixed(7)}"><ele>${(60 + (i % 50) / 10).toFixed(1)}</ele><time>${new Date(t0 + i * 100).toISOString()}</time></trkpt>`);
  }
  return Buffer.from(`<?xml version="1.0"?><gpx version="1.1" creator="abuse test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${points.join('')}</trkseg></trk></gpx>`);
}
