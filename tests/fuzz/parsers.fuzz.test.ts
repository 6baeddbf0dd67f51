/**
 * Property-based fuzzing of every parser that reads what clients send (tests/fuzz/parser-targets.ts): a
 * few hundred arbitrary and mutated real inputs each, in the suite; `npm run fuzz` runs a million.
 * Each case must end with a value or the parser's typed error; the heap must stay bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARSER_TARGETS, endsWithTypedError, inputs, readMultipart } from './parser-targets.ts';

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

describe('what fuzzing found, kept as plain cases', () => {
  it('a body cut off inside a part nobody reads is a malformed body, not an unhandled error that ends the process', async () => {
    const body = Buffer.from('--fuzzboundary\r\nContent-Disposition: form-data; name="other"; filename="x.bin"\r\n\r\nhalf a fi');
    const result = (await readMultipart(new Uint8Array(body))) as { results: unknown[]; malformed: string | null };
    expect(result.results).toEqual([]);
    expect(result.malformed).toMatch(/Unexpected end of form/);
  });

  it('a CSV flight log with a stray quote is refused as unreadable_log', async () => {
    const target = PARSER_TARGETS.find((t) => t.name.startsWith('flight logs'))!;
    const text = 'time(millisecond),datetime(utc),latitude,longitude\n0,2022-05-01 15:01:58,41.4,2.1\n<font size="36">,x,y,z\n';
    await expect(target.run(new TextEncoder().encode(text))).rejects.toMatchObject({ code: 'unreadable_log', status: 400 });
  });
});
