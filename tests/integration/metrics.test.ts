/**
 * GET /metrics in Prometheus's text format after a real upload went through the pipeline: HTTP latency by
 * route pattern, uploads, queue depths read from Redis, job durations per queue and inference time.
 */
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { uploadAndAnalyse } from '../helpers/upload-photo.ts';

const PHOTO = path.resolve(import.meta.dirname, '../../seeds/demo/photos/DJI_20250424100203_0004_V.JPG');

/** The value of one sample line, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describeEachDb('GET /metrics', (kind) => {
  let s: TestServices;
  let srv: TestServer;
  beforeEach(async () => {
    s = await createTestServices(kind);
    srv = await startTestServer(s, { workers: true });
  });
  afterEach(async () => {
    await srv.close();
    await s.dispose();
  });

  it('reports HTTP latency, uploads, queue depths, job durations and inference time', { timeout: 180_000 }, async () => {
    await uploadAndAnalyse(srv, PHOTO, 'metrics');
    const res = await fetch(`${srv.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'dy_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/missions/:id/images', status: '202' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'dy_uploads_total', { kind: 'photo', outcome: 'stored' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'dy_upload_bytes_total', { kind: 'photo' })).toBeGreaterThan(100_000);
    for (const queue of ['ingest', 'detect', 'analyze', 'notify']) expect(sample(text, 'dy_queue_jobs', { queue, state: 'waiting' }), queue).toBe(0);
    for (const queue of ['ingest', 'detect', 'analyze']) expect(sample(text, 'dy_job_duration_seconds_count', { queue, outcome: 'completed' }), queue).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'dy_inference_seconds_count', { model: 'dy-hazard@1.4.0' })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('dy_process_resident_memory_bytes');
  });
});
