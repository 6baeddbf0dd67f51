/**
 * Checks a loaded session against its manifest: the declared input/output shapes where they are static,
 * then one dry run on a padding-grey input, whose real output dims must fit the declared layout.
 */
import * as ort from 'onnxruntime-node';
import type { ModelManifest } from './manifest.schema.ts';
import { ModelError } from './model.errors.ts';

const dimOk = (dim: number | string | undefined, want: number): boolean => typeof dim !== 'number' || dim < 0 || dim === want;

/** Why `dims` do not fit the layout, or null when they do. */
export function outputShapeProblem(dims: readonly (number | string)[], layout: ModelManifest['output']['layout'], nc: number): string | null {
  const shown = `[${dims.join(', ')}]`;
  if (dims.length !== 3 || !dimOk(dims[0], 1)) return `output shape ${shown} is not [1, ., .]`;
  if (layout === 'end2end') return dimOk(dims[2], 6) ? null : `end2end output shape ${shown} is not [1, N, 6]`;
  return dimOk(dims[1], 4 + nc) || dimOk(dims[2], 4 + nc) ? null : `yolov8 output shape ${shown} is not [1, ${4 + nc}, N] (4 box values + ${nc} classes)`;
}

/** Validates and returns the name of the output to read (the first one, as Ultralytics exports). */
export async function validateModelIo(session: ort.InferenceSession, m: ModelManifest, file: string): Promise<string> {
  const { name, width, height } = m.input;
  if (!session.inputNames.includes(name)) throw new ModelError(file, `no input "${name}" (model inputs: ${session.inputNames.join(', ')})`);
  const input = session.inputMetadata.find((i) => i.name === name);
  if (input?.isTensor) {
    if (input.type !== 'float32') throw new ModelError(file, `input "${name}" is ${input.type}, expected float32`);
    const s = input.shape;
    const want = [1, 3, height, width];
    if (s.length !== 4 || !want.every((w, i) => dimOk(s[i], w))) {
      throw new ModelError(file, `input "${name}" shape [${s.join(', ')}] does not match the manifest's [${want.join(', ')}]`);
    }
  }
  const outputName = session.outputNames[0];
  if (!outputName) throw new ModelError(file, 'model has no outputs');
  const meta = session.outputMetadata.find((o) => o.name === outputName);
  const nc = m.classes.length;
  const declared = meta?.isTensor ? outputShapeProblem(meta.shape, m.output.layout, nc) : null;
  if (declared) throw new ModelError(file, `${declared} (manifest: layout ${m.output.layout}, ${nc} classes)`);
  let dims: readonly number[];
  try {
    const data = new Float32Array(3 * width * height).fill(114 / 255);
    const out = await session.run({ [name]: new ort.Tensor('float32', data, [1, 3, height, width]) }, [outputName]);
    dims = out[outputName]!.dims;
  } catch (e) {
    throw new ModelError(file, `dry run on a [1, 3, ${height}, ${width}] input failed: ${(e as Error).message}`);
  }
  const real = outputShapeProblem(dims, m.output.layout, nc);
  if (real) throw new ModelError(file, `${real} on a dry run (manifest: layout ${m.output.layout}, ${nc} classes)`);
  return outputName;
}
