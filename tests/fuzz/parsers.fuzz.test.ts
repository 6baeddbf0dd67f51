/**
 * Property-based fuzzing of every parser that reads what clients send (tests/fuzz/parser-targets.ts): a
 * few hundred arbitrary and mutated real inputs each, in the suite; `npm run fuzz` runs a million.
 * Each case must end with a value or the parser's typed error; the heap must stay bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARSER_TARGETS, endsWithTypedError, inputs } from './parser-targets.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe('parsers under fuzzing: only the typed error, never a crash or a hang', () => {
  for (const target of PARSER_TARGETS) {
    it(target.name, { timeout: 120_000 }, async () => {
      const seeds = target.seeds();
      const heapBefore = process.memoryUsage().heapUsed;
      await fc.assert(
        fc.asyncProperty(inputs(seeds), (bytes) => endsWithTypedError(target, bytes)),
        { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
      );
      // Inputs are at most a few MB: a parser that keeps what it read, or blows one up, shows here.
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(512 * 1024 * 1024);
    });
  }
});
