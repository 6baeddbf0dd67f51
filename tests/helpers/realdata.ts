/**
 * Locates ../shared/realdata (or $REALDATA_DIR). Tests that need it use `describeRealdata`, which skips
 * with a visible notice where the folder is absent, and fails under CI (CI=true), where it must be there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe } from 'vitest';

export const REALDATA_DIR = path.resolve(process.env.REALDATA_DIR ?? path.join(import.meta.dirname, '../../../shared/realdata'));
export const hasRealdata = existsSync(REALDATA_DIR);

/** Absolute path of a file inside the real-data folder. */
export const realdata = (...parts: string[]): string => path.join(REALDATA_DIR, ...parts);

if (!hasRealdata) {
  if (process.env.CI === 'true') throw new Error(`REALDATA_DIR ${REALDATA_DIR} is missing: CI must have the real data`);
  console.warn(`\n*** NOTICE: real data not found at ${REALDATA_DIR}; tests that need it are SKIPPED (set REALDATA_DIR) ***\n`);
}

/** `describe` that runs only where the real-data folder exists (and must exist under CI). */
export const describeRealdata: typeof describe = (hasRealdata ? describe : describe.skip) as typeof describe;
