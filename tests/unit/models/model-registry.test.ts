import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../../models/inference/model.errors.ts';
import { findModel, listModels, loadModel, readManifest } from '../../../models/inference/model-registry.ts';
import { installModel, tempModelsDir } from './model-fixture.ts';

describe('model registry', () => {
  it('lists models under a folder and an extra folder, and loads both layouts', async () => {
    const a = tempModelsDir();
    const b = tempModelsDir();
    installModel(a, 'yolov8');
    installModel(b, 'end2end');
    const models = listModels(a, { extraDirs: [b] });
    expect(models.map((m) => m.id)).toEqual(['centroid-end2end@1', 'centroid-yolov8@1']);
    expect(findModel(models, 'centroid-yolov8')?.id).toBe('centroid-yolov8@1');
    for (const info of models) {
      const loaded = await loadModel(info);
      expect(loaded).toMatchObject({ inputName: 'images', outputName: 'output0', inputWidth: 128, classIds: ['red', 'blue'] });
    }
  });

  it('refuses a file whose sha256 differs from the manifest', async () => {
    const root = tempModelsDir();
    installModel(root, 'yolov8', { sha256: '0'.repeat(64) });
    const [info] = listModels(root);
    await expect(loadModel(info!)).rejects.toThrow(/model .*model\.onnx: sha256 [0-9a-f]{64} does not match/);
  });

  it('refuses a corrupt model file, naming the file', async () => {
    const root = tempModelsDir();
    // Bytes that are not an ONNX protobuf; the manifest hash matches them, so onnxruntime is what refuses.
    installModel(root, 'yolov8', {}, Buffer.from('this is not an onnx model'.repeat(40)));
    const [info] = listModels(root);
    const err = await loadModel(info!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toContain(info!.file);
    expect((err as Error).message).toMatch(/onnxruntime cannot load it/);
  });

  it('refuses a model whose output does not fit the manifest classes', async () => {
    const root = tempModelsDir();
    // The model emits 4 + 2 rows; a manifest with 3 classes expects 4 + 3.
    installModel(root, 'yolov8', { classes: ['a', 'b', 'c'].map((id) => ({ id, zh: id, en: id })), thresholds: {} });
    const [info] = listModels(root);
    await expect(loadModel(info!)).rejects.toThrow(/output shape \[1, 6, 2\] is not \[1, 7, N\]/);
  });

  it('refuses a model whose input size differs from the manifest', async () => {
    const root = tempModelsDir();
    installModel(root, 'end2end', { input: { name: 'images', width: 640, height: 640 } });
    const [info] = listModels(root);
    await expect(loadModel(info!)).rejects.toThrow(/input "images" shape \[1, 3, 128, 128\] does not match the manifest's \[1, 3, 640, 640\]/);
  });

  it('refuses a wrong input name and an invalid manifest with the bad keys named', async () => {
    const root = tempModelsDir();
    installModel(root, 'end2end', { input: { name: 'pixels', width: 128, height: 128 } });
    await expect(loadModel(listModels(root)[0]!)).rejects.toThrow(/no input "pixels" \(model inputs: images\)/);
    const bad = installModel(tempModelsDir(), 'yolov8');
    writeFileSync(bad, JSON.stringify({ name: 'x', version: '1', sha256: 'abc', classes: [], input: { width: 0, height: 128 }, output: { layout: 'ssd' } }));
    expect(() => readManifest(bad)).toThrow(/invalid manifest: sha256: .*classes: .*input\.width: .*output\.layout/);
    expect(readManifest(path.dirname(installModel(tempModelsDir(), 'yolov8'))).id).toBe('centroid-yolov8@1');
  });

  it('takes ground-size ranges for its own classes and names a range for a class it does not have', () => {
    const ok = installModel(tempModelsDir(), 'yolov8');
    const manifest = JSON.parse(readFileSync(ok, 'utf8')) as { classes: Array<{ id: string }> };
    const cls = manifest.classes[0]!.id;
    writeFileSync(ok, JSON.stringify({ ...manifest, groundSizeM: { [cls]: { minLongM: 1, maxLongM: 9 } } }));
    expect(readManifest(ok).manifest.groundSizeM).toEqual({ [cls]: { minLongM: 1, maxLongM: 9 } });
    writeFileSync(ok, JSON.stringify({ ...manifest, groundSizeM: { crane: { minLongM: 1, maxLongM: 9 } } }));
    expect(() => readManifest(ok)).toThrow(/groundSizeM\.crane: no class "crane"/);
    writeFileSync(ok, JSON.stringify({ ...manifest, groundSizeM: { [cls]: { minLongM: 9, maxLongM: 1 } } }));
    expect(() => readManifest(ok)).toThrow(/minLongM must be below maxLongM/);
  });

  it('takes the sharpest trained resolution (maxPxPerM) and refuses one that is not a positive number', () => {
    const ok = installModel(tempModelsDir(), 'yolov8');
    const manifest = JSON.parse(readFileSync(ok, 'utf8')) as Record<string, unknown>;
    expect(readManifest(ok).manifest.maxPxPerM).toBeUndefined();
    writeFileSync(ok, JSON.stringify({ ...manifest, maxPxPerM: 100 }));
    expect(readManifest(ok).manifest.maxPxPerM).toBe(100);
    writeFileSync(ok, JSON.stringify({ ...manifest, maxPxPerM: 0 }));
    expect(() => readManifest(ok)).toThrow(/maxPxPerM/);
    writeFileSync(ok, JSON.stringify({ ...manifest, maxPxPerM: '100' }));
    expect(() => readManifest(ok)).toThrow(/maxPxPerM/);
  });
});
