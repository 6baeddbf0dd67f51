/**
 * Nothing in the data folder is readable by other local users (folder 0700, files 0600, originals 0400),
 * and the API never returns a webhook secret, only that one is set. SQLite (the file itself) and PostgreSQL.
 */
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { secureDataDir } from '../../core/storage/data-dir.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';
import { expectHealthy, filesUnder } from './helpers/abuse.harness.ts';

const PHOTO = path.resolve(import.meta.dirname, '../fixtures/detection/pipeline_oil_spill.jpg');

describeEachDb('abuse: data at rest', (kind) => {
  let s: TestServices;
  let srv: TestServer;
  beforeAll(async () => {
    s = await createTestServices(kind);
    srv = await startTestServer(s);
  });
  afterAll(async () => {
    await srv?.close();
    await s?.dispose();
  });

  it('keeps the data folder 0700 and every file in it private to the server account', async () => {
    const { id } = (await (await srv.as('operator')('/api/v1/missions', jsonBody({ name: 'perms' }))).json()) as { id: string };
    const fd = new FormData();
    fd.append('files', new Blob([await readFile(PHOTO)]), 'oil.jpg');
    expect((await srv.as('operator')(`/api/v1/missions/${id}/images`, { method: 'POST', body: fd })).status).toBe(202);
    const { images } = (await (await srv.as('operator')(`/api/v1/missions/${id}/images`)).json()) as { images: Array<{ id: string }> };
    expect((await srv.as('manager')(`/api/v1/images/${images[0]!.id}/thumbnail`)).status).toBe(200);

    expect((await stat(s.dataDir)).mode & 0o777).toBe(0o700);
    const files = await filesUnder(s, '.');
    expect(files).toEqual(expect.arrayContaining(['audit.key', expect.stringMatching(/^blobs\/originals\//), expect.stringMatching(/^blobs\/derived\//)]));
    if (kind === 'sqlite') expect(files).toContain('test.sqlite');
    for (const f of files) expect((await stat(path.join(s.dataDir, f))).mode & 0o077, f).toBe(0);
    for (const f of files.filter((f) => f.startsWith('blobs/originals/'))) expect((await stat(path.join(s.dataDir, f))).mode & 0o777, f).toBe(0o400);
    await expectHealthy(srv);
  });

  it('narrows a data folder that was left open to everyone', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dy-open-'));
    try {
      await chmod(dir, 0o755);
      await secureDataDir(dir);
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never returns a webhook secret, only that one is set', async () => {
    const created = await srv.as('admin')('/api/v1/webhooks', jsonBody({ url: 'https://8.8.8.8/robot/send?access_token=tok-123456', format: 'dingtalk', secret: 'SECdingtalk-signing-secret' }));
    expect(created.status).toBe(201);
    const texts = [await created.text(), await (await srv.as('admin')('/api/v1/webhooks')).text()];
    for (const t of texts) {
      expect(t).not.toContain('SECdingtalk-signing-secret');
      expect(t).not.toContain('tok-123456');
      expect(t).toContain('"signed":true');
    }
    expect((await s.webhooks.list())[0]!.secret).toBe('SECdingtalk-signing-secret');
  });
});
