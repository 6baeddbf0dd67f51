/**
 * Models arrive without a restart: an admin uploads an ONNX file and its manifest; bad uploads get a 400
 * naming what is wrong (manifest keys, sha256, input shape, classes vs output), a taken name@version a
 * 409; a good one is registered, activated for its band while the other band's model stays, and the
 * running workers detect the next photo with it. On SQLite and PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_MODELS_DIR, findModel, listModels } from '../../models/inference/model-registry.ts';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, describeEachDb, type TestDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { THERMAL_FIRE_TEST_FRAME } from '../helpers/thermal-frame.ts';
import { uploadAndAnalyse } from '../helpers/upload-photo.ts';

const shipped = findModel(listModels(DEFAULT_MODELS_DIR), undefined, 'thermal')!;
const onnx = readFileSync(shipped.file);
const sha = createHash('sha256').update(onnx).digest('hex');
const manifest = (patch: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(readFileSync(shipped.manifestPath, 'utf8')), name: 'dy-thermal-upload', version: '9.9.9', sha256: sha, ...patch });

describeRealdata('model upload', () => {
  describeEachDb('checked, registered, active on the running workers', (kind: TestDb) => {
    let s: TestServices;
    let srv: TestServer;
    beforeAll(async () => {
      s = await createTestServices(kind);
      srv = await startTestServer(s, { workers: true });
    }, 120_000);
    afterAll(async () => {
      await srv?.close();
      await s?.dispose();
    });

    const upload = async (manifestText: string | null, model: Buffer | null = onnx, role: 'admin' | 'manager' = 'admin', query = '') => {
      const fd = new FormData();
      if (model) fd.append('model', new Blob([new Uint8Array(model)]), 'model.onnx');
      if (manifestText !== null) fd.append('manifest', new Blob([manifestText]), 'manifest.json');
      const res = await srv.as(role)(`/api/v1/models${query}`, { method: 'POST', body: fd });
      return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string }; id?: string; band?: string; active?: boolean } };
    };

    it('refuses bad uploads with a 400 that names the problem, and non-admins with a 403', async () => {
      const noClasses = await upload(manifest({ classes: [] }));
      expect(noClasses.status).toBe(400);
      expect(noClasses.body.error).toMatchObject({ code: 'manifest_invalid', message: expect.stringContaining('classes') });
      const wrongSha = await upload(manifest({ sha256: '0'.repeat(64) }));
      expect(wrongSha.status).toBe(400);
      expect(wrongSha.body.error).toMatchObject({ code: 'sha256_mismatch', message: expect.stringContaining(sha) });
      const wrongSize = await upload(manifest({ input: { name: 'images', width: 640, height: 640 } }));
      expect(wrongSize.status).toBe(400);
      expect(wrongSize.body.error).toMatchObject({ code: 'model_shape', message: expect.stringContaining("does not match the manifest's [1, 3, 640, 640]") });
      const twoClasses = await upload(manifest({ classes: [{ id: 'fire', zh: '明火', en: 'Fire' }, { id: 'smoke', zh: '烟雾', en: 'Smoke' }], thresholds: {} }));
      expect(twoClasses.status).toBe(400);
      expect(twoClasses.body.error).toMatchObject({ code: 'model_shape', message: expect.stringContaining('2 classes') });
      const notOnnx = Buffer.from('not a model');
      const garbage = await upload(manifest({ sha256: createHash('sha256').update(notOnnx).digest('hex') }), notOnnx);
      expect(garbage.status).toBe(400);
      expect(garbage.body.error?.code).toBe('model_unloadable');
      expect((await upload(null)).body.error?.code).toBe('no_manifest');
      expect((await upload(manifest({}), null)).body.error?.code).toBe('no_model');
      expect((await upload(manifest({}), onnx, 'manager')).status).toBe(403);
      const models = (await (await srv.as('officer')('/api/v1/models')).json()) as { models: Array<{ id: string }> };
      expect(models.models.map((m) => m.id)).not.toContain('dy-thermal-upload@9.9.9');
    });

    it('registers a good upload, activates it for its band only, and the workers use it for the next photo', async () => {
      const ok = await upload(manifest({}), onnx, 'admin', '?activate=true');
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ id: 'dy-thermal-upload@9.9.9', band: 'thermal', active: true });
      expect((await upload(manifest({}))).status).toBe(409);
      const models = (await (await srv.as('officer')('/api/v1/models')).json()) as { models: Array<{ id: string; band: string; active: boolean }> };
      const active = models.models.filter((m) => m.active).map((m) => `${m.band} ${m.id}`).sort();
      expect(active).toEqual([expect.stringMatching(/^thermal dy-thermal-upload@9\.9\.9$/), expect.stringMatching(/^visible dy-hazard@/)].sort());
      // a thermal photo (a _T file of a DJI shot, no pose needed) now goes to the uploaded model
      const dir = mkdtempSync(path.join(tmpdir(), 'upload-'));
      try {
        const file = path.join(dir, 'DJI_20250424192959_0014_T.JPG');
        copyFileSync(realdata('thermal_fire', THERMAL_FIRE_TEST_FRAME), file);
        execFileSync('exiftool', ['-q', '-overwrite_original', '-all=', file]);
        const { view } = await uploadAndAnalyse<{ status: string; band: string; detections: Array<{ modelVersion: string }> }>(srv, file, 'after upload');
        expect(view.band).toBe('thermal');
        expect(view.detections.length).toBeGreaterThan(0);
        for (const d of view.detections) expect(d.modelVersion).toBe('dy-thermal-upload@9.9.9');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
