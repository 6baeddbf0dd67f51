/** Concurrent callers of one key share one run; different keys run apart; a failure is shared and then forgotten. */
import { expect, it } from 'vitest';
import { SingleFlight } from '../../../api/single-flight.ts';

it('runs the work once for callers that arrive while it runs, and again after it finished', async () => {
  const flights = new SingleFlight<number>();
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const work = async () => {
    runs++;
    await gate;
    return runs;
  };
  const three = [flights.run('photo-a', work), flights.run('photo-a', work), flights.run('photo-a', work)];
  const other = flights.run('photo-b', async () => 99);
  expect(flights.size).toBe(2);
  release();
  expect(await Promise.all(three)).toEqual([1, 1, 1]);
  expect(await other).toBe(99);
  expect(runs).toBe(1);
  expect(flights.size).toBe(0);
  expect(await flights.run('photo-a', work)).toBe(2);
});

it('shares a failure with every waiting caller, then lets the next caller try again', async () => {
  const flights = new SingleFlight<string>();
  const failing = () => Promise.reject(new Error('cannot decode'));
  await expect(Promise.all([flights.run('k', failing), flights.run('k', failing)])).rejects.toThrow('cannot decode');
  expect(await flights.run('k', async () => 'ok')).toBe('ok');
});
