/**
 * The API with BLOB_STORE=s3 against a real S3-compatible server (s3rver): a real photo uploaded through
 * the API lands in the bucket under its SHA-256, comes back byte-identical from /original, and the workers
 * read it from the bucket for metadata, detection and the annotated copy. On SQLite and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { S3BlobStore } from '../../core/storage/s3-blob-store.ts';
import { createS3Client, objectSize } from '../../core/storage/s3-client.ts';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { startTestS3, type TestS3 } from '../helpers/s3-server.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { uploadAndAnalyse } from '../helpers/upload-photo.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PHOTO = 'images/dji_rgb/xmpgem_dji-mavic-3_L2D-20c.jpg';

describeRealdata('originals on S3 through the API', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(() => s3?.close());

  describeEachDb('upload -> bucket -> original', (kind) => {
    let s: TestServices;
    let srv: TestServer;
    beforeAll(async () => {
      s = await createTestServices(kind, { ...s3.env, S3_PREFIX: `${kind}-${Date.now()}/` });
      srv = await startTestServer(s, { workers: true });
    }, 60_000);
    afterAll(async () => {
      await srv?.close();
      await s?.dispose();
    });

    it('keeps the photo in the bucket under its hash and serves it back byte-identical', async () => {
      expect(s.blobs.kind).toBe('s3');
      const bytes = readFileSync(realdata(PHOTO));
      const { imageId, view } = await uploadAndAnalyse<{ status: string; meta: { lat: number | null } }>(srv, realdata(PHOTO), 'patrol on s3');
      expect(view.meta.lat).toBeCloseTo(53.0354, 3);
      const key = (s.blobs as S3BlobStore).keyOf(sha(bytes));
      expect(await objectSize(createS3Client(s.config), s3.bucket, key)).toBe(bytes.length);

      const res = await srv.as('manager')(`/api/v1/images/${imageId}/original`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
      const back = Buffer.from(await res.arrayBuffer());
      expect(sha(back)).toBe(sha(bytes));
      expect(back.equals(bytes)).toBe(true);
      const again = await srv.as('manager')(`/api/v1/images/${imageId}/original`, { headers: { 'if-none-match': `"${sha(bytes)}"` } });
      expect(again.status).toBe(304);

      const annotated = await srv.as('manager')(`/api/v1/images/${imageId}/annotated`);
      expect(annotated.headers.get('content-type')).toContain('image/jpeg');
      expect((await annotated.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }, 120_000);
  });
});
