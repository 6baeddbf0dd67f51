/** Lenient readers for DJI values, which docks send as numbers or numeric strings ("-91.40"). */
import { parseWallClock } from '../metadata/exif-time.ts';
import { isBag, num, type Bag } from '../metadata/meta-values.ts';

export { isBag, num, type Bag };

export const bagOf = (v: unknown): Bag => (isBag(v) ? v : {});

export function text(v: unknown, max = 1024): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' || s.length > max ? null : s;
}

export function int(v: unknown): number | null {
  const n = num(v);
  return n === null ? null : Math.trunc(n);
}

/**
 * A dock time ("2021-05-10 16:04:20" per the docs; ISO with a zone in the Java demo) as ISO UTC. A time
 * without a zone is the dock's wall clock, read at `utcOffsetMin` like other zone-less photo clocks.
 */
export function dockTime(v: unknown, utcOffsetMin: number): string | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 1e11) return new Date(v).toISOString();
  const clock = parseWallClock(v);
  if (!clock) return null;
  return new Date(clock.naiveMs - (clock.offsetMin ?? utcOffsetMin) * 60_000).toISOString();
}
