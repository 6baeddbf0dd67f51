/**
 * The flight-log parser thread: same track as parsing in place, errors keep their HTTP meaning, a log too
 * heavy for the heap is refused, and the calling thread's event loop keeps turning while a big log is read.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseFlightLogInThread } from '../../../api/upload/flight-log.thread.ts';
import { AppError } from '../../../core/errors.ts';
import { parseFlightLog } from '../../../core/pipeline/flightlog/parse-flight-log.ts';
import { gpxTrack } from '../../abuse/helpers/abuse.harness.ts';

let dir: string;
let bigLog: string;
const BIG = gpxTrack(15_000);
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'log-thread-'));
  bigLog = path.join(dir, 'big.gpx');
  await writeFile(bigLog, BIG);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

it('returns the same track as parsing in the calling thread', async () => {
  const small = path.join(dir, 'small.gpx');
  await writeFile(small, gpxTrack(50));
  expect(await parseFlightLogInThread(small, 'small.gpx', 256)).toEqual(parseFlightLog(gpxTrack(50), 'small.gpx'));
});

it('keeps the error of an unreadable log (415 unknown_log_format)', async () => {
  const junk = path.join(dir, 'junk.csv');
  await writeFile(junk, 'just,some\ncsv,text\n');
  const error = await parseFlightLogInThread(junk, 'junk.csv', 256).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ status: 415, code: 'unknown_log_format' });
});

it('lets the event loop turn while a big log is parsed (a parse in this thread would hold it for seconds)', async () => {
  let turns = 0;
  let done = false;
  const spin = () => {
    turns++;
    if (!done) setImmediate(spin);
  };
  setImmediate(spin);
  const track = await parseFlightLogInThread(bigLog, 'big.gpx', 2048);
  done = true;
  expect(track.points).toHaveLength(15_000);
  // Reading the file alone allows some hundreds of turns; the parse takes seconds, which are ~10^5 or more.
  expect(turns).toBeGreaterThan(20_000);
});
