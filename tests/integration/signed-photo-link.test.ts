/**
 * An alert's photo link opens the annotated photo without a login, and nothing else: a tampered,
 * expired or unsigned link is refused, the signed-in route still wants a token.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedPhotoPath, signPath } from '../../core/pipeline/alerts/signed-link.ts';
import { linkSecret } from '../../core/security/link-secret.ts';
import { realdata, describeRealdata } from '../helpers/realdata.ts';
import { createTestServices, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';

describeRealdata('signed alert photo links', () => {
  let s: TestServices;
  let server: TestServer;
  let imageId: string;

  beforeAll(async () => {
    s = await createTestServices('sqlite');
    server = await startTestServer(s);
    const op = server.as('operator');
    const { id: missionId } = (await (await op('/api/v1/missions', jsonBody({ name: 'link' }))).json()) as { id: string };
    const file = realdata('images/dji_rgb/macuil_Aerea3_FC7303_Mini2_nadir.JPG');
    const fd = new FormData();
    fd.append('files', new Blob([readFileSync(file)]), path.basename(file));
    const reply = (await (await op(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: fd })).json()) as { images: { id: string }[] };
    imageId = reply.images[0]!.id;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await s?.dispose();
  });

  const get = (p: string) => fetch(`${server.base}${p}`);

  it('serves the annotated photo to a signed link, with no token', async () => {
    const res = await get(signPath(signedPhotoPath(imageId), linkSecret(s.config), 3600, new Date()));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    // The secret stays the same for every process sharing DATA_DIR.
    expect(readFileSync(path.join(s.dataDir, 'link-secret'), 'utf8').trim()).toBe(linkSecret(s.config));
  });

  it('refuses a link that is expired, for another photo, or unsigned; the plain route still wants a login', async () => {
    const secret = linkSecret(s.config);
    const expired = await get(signPath(signedPhotoPath(imageId), secret, -60, new Date()));
    expect([expired.status, ((await expired.json()) as { error: { code: string } }).error.code]).toEqual([403, 'link_expired']);
    const other = signPath(signedPhotoPath('another-image'), secret, 3600, new Date()).split('?')[1];
    const moved = await get(`${signedPhotoPath(imageId)}?${other}`);
    expect([moved.status, ((await moved.json()) as { error: { code: string } }).error.code]).toEqual([403, 'link_invalid']);
    expect((await get(signedPhotoPath(imageId))).status).toBe(403);
    expect((await get(`/api/v1/images/${imageId}/annotated`)).status).toBe(401);
  });
});
