/**
 * Installs a model an admin uploaded (an ONNX file and its manifest) beside the shipped ones, after the
 * same checks a shipped model passes at load: the manifest validates (every bad key named), the file's
 * sha256 is the manifest's, onnxruntime loads it, and its input and output shapes fit the manifest's
 * input size, layout and number of classes (one dry run). Any failure is a 400 naming what is wrong;
 * an existing name@version is a 409. The model lands in `<root>/<name>/<version>/` as model.onnx +
 * manifest.json, where listModels() and every worker (reading the manifest per job) find it.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { BadInputError, ConflictError } from '../../core/errors.ts';
import { ManifestSchema } from './manifest.schema.ts';
import { ModelError } from './model.errors.ts';
import { readManifest, sha256File, type ModelInfo } from './model-registry.ts';
import { validateModelIo } from './model.validate.ts';

/** Validates an uploaded (staged) ONNX file against its manifest and moves both into `root`. */
export async function installUploadedModel(stagedOnnx: string, manifestText: string, root: string): Promise<ModelInfo> {
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch (e) {
    throw new BadInputError('manifest_invalid', `manifest is not JSON: ${(e as Error).message}`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new BadInputError('manifest_invalid', `manifest: ${problems.join('; ')}`, { problems });
  }
  const manifest = parsed.data;
  const actual = await sha256File(stagedOnnx);
  if (actual !== manifest.sha256.toLowerCase()) {
    throw new BadInputError('sha256_mismatch', `the model file's sha256 is ${actual}; the manifest says ${manifest.sha256}`, { actual, manifest: manifest.sha256 });
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(stagedOnnx, { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 });
  } catch (e) {
    throw new BadInputError('model_unloadable', `onnxruntime cannot load the model file: ${(e as Error).message}`);
  }
  try {
    await validateModelIo(session, manifest, 'the uploaded model');
  } catch (e) {
    if (e instanceof ModelError) throw new BadInputError('model_shape', String((e.details as { problem?: string }).problem ?? e.message), e.details);
    throw e;
  } finally {
    await session.release();
  }
  const dir = path.join(root, manifest.name, manifest.version);
  if (existsSync(dir)) throw new ConflictError('model_exists', `model ${manifest.name}@${manifest.version} already exists; give the upload a new version`);
  await mkdir(dir, { recursive: true });
  try {
    await rename(stagedOnnx, path.join(dir, 'model.onnx'));
    // As uploaded (keys and order kept), with the file name fixed to where it now lies.
    await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify({ ...(json as object), file: 'model.onnx' }, null, 2)}\n`);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return readManifest(dir);
}
