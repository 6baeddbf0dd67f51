/**
 * `npm run fuzz`: every parser target (tests/fuzz/parser-targets.ts) for FUZZ_RUNS cases (default one
 * million), printing progress as JSON lines; FUZZ_ONLY=<part of a name> picks targets, FUZZ_SEED replays.
 * A failure prints fast-check's shrunk counterexample and exits 1. Long: run it in the background.
 */
import fc from 'fast-check';
import { PARSER_TARGETS, endsWithTypedError, inputs } from './parser-targets.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 1_000_000);
const only = process.env.FUZZ_ONLY;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
let failed = false;
for (const target of PARSER_TARGETS.filter((t) => !only || t.name.includes(only))) {
  const started = Date.now();
  let done = 0;
  const progress = setInterval(() => console.log(JSON.stringify({ target: target.name, done, of: runs, heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20) })), 30_000);
  try {
    await fc.assert(
      fc.asyncProperty(inputs(target.seeds()), async (bytes) => {
        done++;
        await endsWithTypedError(target, bytes);
      }),
      { numRuns: runs, seed },
    );
    console.log(JSON.stringify({ target: target.name, runs, seed, ok: true, seconds: Math.round((Date.now() - started) / 1000) }));
  } catch (error) {
    failed = true;
    console.log(JSON.stringify({ target: target.name, seed, ok: false }));
    console.error((error as Error).message);
  } finally {
    clearInterval(progress);
  }
}
process.exit(failed ? 1 : 0);
