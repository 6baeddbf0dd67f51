/** Reads labelled photo sets: the trainer's JSON labels and YOLO txt labels. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TruthBox } from './average-precision.metric.ts';

/** One labelled photo (absolute path). */
export interface LabelledPhoto {
  file: string;
  truth: TruthBox[];
}

/**
 * The labels of a folder written by make_dataset.py / the test fixtures: the first `*.json` in `dir` that
 * is an array of `{file, objects: [{class, bbox: [x, y, w, h]}]}`. Null when there is none.
 */
export function readJsonLabelSet(dir: string): LabelledPhoto[] | null {
  if (!existsSync(dir)) return null;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const json: unknown = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    if (Array.isArray(json) && json.length && json.every((e) => typeof e?.file === 'string' && Array.isArray(e?.objects))) {
      return (json as { file: string; objects: TruthBox[] }[]).map((e) => ({ file: path.resolve(dir, e.file), truth: e.objects }));
    }
  }
  return null;
}

/** Class names of a YOLO `data.yaml` (`names:` as a block list or an inline list). */
export function yoloNames(yaml: string): string[] {
  const inline = /^names:\s*\[(.*)\]/m.exec(yaml);
  if (inline) return inline[1]!.split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, ''));
  const block = /^names:\s*\n((?:[ \t]*-.*\n?)+)/m.exec(yaml);
  return block ? block[1]!.split('\n').filter((l) => l.trim().startsWith('-')).map((l) => l.trim().slice(1).trim().replace(/^['"]|['"]$/g, '')) : [];
}

/** YOLO label lines (class cx cy w h, normalised) to pixel boxes, with class names mapped by `names`. */
export function yoloBoxes(txt: string, names: readonly string[], width: number, height: number): TruthBox[] {
  return txt
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((v) => v.length === 5 && v.every(Number.isFinite))
    .map(([c, cx, cy, w, h]) => ({
      class: names[c!] ?? String(c),
      bbox: [(cx! - w! / 2) * width, (cy! - h! / 2) * height, w! * width, h! * height] as [number, number, number, number],
    }));
}
