/** Expands files and folders (recursively) into photo paths, sorted, for the CLIs. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const PHOTO = /\.(jpe?g|png|tiff?|webp|heic|heif|avif)$/i;

/** The photo files named by `args` (files are kept whatever their extension; folders are walked). */
export function photoFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p).sort()) {
        const child = path.join(p, e);
        if (statSync(child).isDirectory() || PHOTO.test(e)) walk(child);
      }
    } else out.push(p);
  };
  for (const a of args) walk(a);
  return out;
}
