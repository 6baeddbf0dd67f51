/**
 * Command-line tools some tests use as independent oracles (exiftool reads metadata as a second opinion)
 * or drivers. One behaviour for all of them: where a tool is missing its tests are skipped with a visible
 * notice naming the package to install; under CI=true, where `.ci/run` installs them, that fails instead.
 */
import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

const PACKAGES: Record<string, string> = { exiftool: 'libimage-exiftool-perl', 'redis-server': 'redis-server' };
const checked = new Map<string, boolean>();

/** True where `tool` runs; prints the notice (or fails under CI) once per tool. */
export function hasTool(tool: string, versionArg = '-ver'): boolean {
  const known = checked.get(tool);
  if (known !== undefined) return known;
  const present = spawnSync(tool, [versionArg], { stdio: 'ignore' }).status === 0;
  checked.set(tool, present);
  if (!present) {
    const install = `apt-get install ${PACKAGES[tool] ?? tool}`;
    if (process.env.CI === 'true') throw new Error(`${tool} is required under CI (${install}; .ci/run installs it)`);
    console.warn(`\n*** NOTICE: ${tool} not found; the tests that use it are SKIPPED (${install}) ***\n`);
  }
  return present;
}

export const hasExiftool = (): boolean => hasTool('exiftool');

/** `it` that runs only where exiftool is installed. */
export const itWithExiftool: typeof it = ((...args: Parameters<typeof it>) => (hasExiftool() ? it : it.skip)(...args)) as typeof it;

/** `describe` that runs only where exiftool is installed. */
export const describeWithExiftool: typeof describe = ((...args: Parameters<typeof describe>) => (hasExiftool() ? describe : describe.skip)(...args)) as typeof describe;
