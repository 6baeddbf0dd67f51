/**
 * The model registry: finds shipped models (`models/<name>/<version>/manifest.json`), checks each file's
 * sha256 against its manifest, and loads and validates the onnxruntime session (input name and shape,
 * output layout and shape) so a corrupt or wrong-shaped model is refused at load, naming the file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as ort from 'onnxruntime-node';
import { ManifestSchema, minScores, type ModelManifest } from './manifest.schema.ts';
import { ModelError } from './model.errors.ts';
import type { SpectralBand } from '../../core/domain.ts';
import type { SessionOptions } from './session.cache.ts';

/** The folder holding the shipped models (this repository's `models/`). */
export const DEFAULT_MODELS_DIR = path.resolve(import.meta.dirname, '..');

/** A model found on disk: plain data (structured-cloneable, so it can be posted to a worker thread). */
export interface ModelInfo {
  name: string;
  version: string;
  /** `name@version`, the key the CLI and the database use. */
  id: string;
  sha256: string;
  /** Absolute paths. */
  dir: string;
  file: string;
  manifestPath: string;
  manifest: ModelManifest;
}

/** A model ready to run. */
export interface LoadedModel {
  info: ModelInfo;
  session: ort.InferenceSession;
  inputName: string;
  outputName: string;
  inputWidth: number;
  inputHeight: number;
  layout: ModelManifest['output']['layout'];
  /** Class ids in model output order. */
  classIds: string[];
  /** Per-class minimum score in class order (from the manifest's thresholds; calibrated units). */
  minScores: Float32Array;
  /** Score calibration temperature (manifest calibration.temperature; 1 = scores as the model gives them). */
  temperature: number;
  /** Cut photos into tiles (manifest `tiling`, default true); false: each photo seen whole, shrunk to the input. */
  tiling: boolean;
  nmsIou: number;
  /** Reusable input buffers (one per concurrent detect on this thread). */
  buffers: Float32Array[];
}

/** Options of {@link listModels}. */
export interface ListModelsOptions {
  /** More folders scanned the same way (`<dir>/<name>/<version>/manifest.json`). */
  extraDirs?: string[];
  /** Called for an invalid manifest; default: throw a ModelError. */
  onInvalid?: (manifestPath: string, error: ModelError) => void;
}

/**
 * Reads and validates one manifest; the error names the file and every bad key. Takes the manifest's
 * path, or its model folder, or the model file beside it.
 */
export function readManifest(where: string): ModelInfo {
  const manifestPath = where.endsWith('.json') ? where : path.join(where.endsWith('.onnx') ? path.dirname(where) : where, 'manifest.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (e) {
    throw new ModelError(manifestPath, `unreadable manifest: ${(e as Error).message}`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelError(manifestPath, `invalid manifest: ${problems}`);
  }
  const manifest = parsed.data;
  const dir = path.dirname(path.resolve(manifestPath));
  return {
    name: manifest.name,
    version: manifest.version,
    id: `${manifest.name}@${manifest.version}`,
    sha256: manifest.sha256.toLowerCase(),
    dir,
    file: path.join(dir, manifest.file),
    manifestPath: path.resolve(manifestPath),
    manifest,
  };
}

/**
 * Lists the models under `dir` (default: the repository's `models/`) and `opts.extraDirs`, sorted by
 * name then version. Only reads manifests; hashes and sessions are checked by {@link loadModel}.
 */
export function listModels(dir: string = DEFAULT_MODELS_DIR, opts: ListModelsOptions = {}): ModelInfo[] {
  const found: ModelInfo[] = [];
  for (const root of [dir, ...(opts.extraDirs ?? [])]) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root, { withFileTypes: true })) {
      if (!name.isDirectory()) continue;
      for (const version of readdirSync(path.join(root, name.name), { withFileTypes: true })) {
        const manifestPath = path.join(root, name.name, version.name, 'manifest.json');
        if (!version.isDirectory() || !existsSync(manifestPath)) continue;
        try {
          found.push(readManifest(manifestPath));
        } catch (e) {
          if (!(e instanceof ModelError) || !opts.onInvalid) throw e;
          opts.onInvalid(manifestPath, e);
        }
      }
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, undefined, { numeric: true }));
}

/**
 * Picks `name@version`, or the highest version of `name`, or (no spec) the only / highest model of the
 * band (default visible, the band every model had before thermal ones; any band where none is visible).
 */
export function findModel(models: readonly ModelInfo[], spec?: string, band: SpectralBand = 'visible'): ModelInfo | undefined {
  if (!spec) return models.filter((m) => m.manifest.band === band).at(-1) ?? (band === 'visible' ? models.at(-1) : undefined);
  const [name, version] = spec.split('@');
  const named = models.filter((m) => m.name === name && (version === undefined || m.version === version));
  return named.at(-1);
}

/** sha256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Loads a model: the file must exist and match the manifest's sha256, onnxruntime must load it, and its
 * input/output must match the manifest (checked on the declared shapes and on one dry run). Throws
 * ModelError naming the file and the problem.
 */
export async function loadModel(info: ModelInfo, opts: SessionOptions = {}): Promise<LoadedModel> {
  if (!existsSync(info.file)) throw new ModelError(info.file, `file missing (named by ${info.manifestPath})`);
  const actual = await sha256File(info.file);
  if (actual !== info.sha256) throw new ModelError(info.file, `sha256 ${actual} does not match the manifest's ${info.sha256}`);
  // onnxruntime is loaded here, on first use, not when the registry is imported: the API lists and
  // registers models but never runs one, and stays about 100 MB lighter without it.
  const [{ getSession }, { validateModelIo }] = await Promise.all([import('./session.cache.ts'), import('./model.validate.ts')]);
  let session: ort.InferenceSession;
  try {
    session = await getSession(info.file, info.sha256, opts);
  } catch (e) {
    throw new ModelError(info.file, `onnxruntime cannot load it: ${(e as Error).message}`);
  }
  const m = info.manifest;
  const outputName = await validateModelIo(session, m, info.file);
  return {
    info,
    session,
    inputName: m.input.name,
    outputName,
    inputWidth: m.input.width,
    inputHeight: m.input.height,
    layout: m.output.layout,
    classIds: m.classes.map((c) => c.id),
    minScores: minScores(m),
    temperature: m.calibration?.temperature ?? 1,
    tiling: m.tiling ?? true,
    nmsIou: m.nmsIou,
    buffers: [],
  };
}
