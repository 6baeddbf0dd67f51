/**
 * DJI video subtitle (SRT) telemetry, one entry per frame or second. Three dialects are read:
 * - new: a date line "2022-05-01 15:01:58,531,716" and "[latitude: 41.42] [longitude: 2.16]
 *   [altitude: 27.3]" (or "[rel_alt: 1.3 abs_alt: 27.3]");
 * - old: "HOME(lon,lat) 2017.07.03 10:15:03" and "GPS(lon,lat,n) BAROMETER:20.1";
 * - P4 RTK: "GPS (lon, lat, n), ... H 85.80m, ... F.PRY (p°, r°, y°), G.PRY (p°, r°, y°)" with no date.
 * The third GPS value of the old dialects is left out: it is an integer that does not follow the
 * barometric height, so it cannot be trusted as an altitude.
 * DJI writes the camera's local wall clock without a zone, so dated tracks have timeBase 'local'; undated
 * ones are 'relative' (the subtitle start time).
 *
 * Truncation: an entry cut off before its position line is dropped and reported in `warnings`; every
 * complete entry before it is kept (refusing the file would throw good data away).
 */
import type { Track, TrackPoint } from '../../domain.ts';
import { BadInputError } from '../../errors.ts';
import { finishTrack, isFix, point } from './track-utils.ts';

const CUE = /(\d{1,2}):(\d{2}):(\d{2})[,.](\d{1,3})\s*-->\s*(\d{1,2}):(\d{2}):(\d{2})[,.](\d{1,3})/;
const NEW_DATE = /(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,3}))?/;
const OLD_DATE = /(\d{4})\.(\d{2})\.(\d{2})\s+(\d{2}):(\d{2}):(\d{2})/;
const num = '(-?\\d+(?:\\.\\d+)?)';
const bracket = (key: string): RegExp => new RegExp(`${key}\\s*:\\s*${num}`, 'i');
const GPS_OLD = new RegExp(`GPS\\s*\\(\\s*${num}\\s*,\\s*${num}`);
const triple = (key: string): RegExp => new RegExp(`${key}\\s*\\(\\s*${num}°?\\s*,\\s*${num}°?\\s*,\\s*${num}°?`);

/** True when text looks like an SRT file (a numbered cue with a "-->" timing line). */
export const looksLikeSrt = (text: string): boolean => /^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->/.test(text);

/** Parses DJI SRT text. @throws BadInputError `truncated_log` / `no_positions` when no entry is complete. */
export function parseSrt(text: string): Track {
  const blocks = text.replace(/\r/g, '').split(/\n\s*\n/).filter((b) => b.trim() !== '');
  const points: TrackPoint[] = [];
  let dated = 0;
  let incomplete = 0;
  blocks.forEach((block, i) => {
    const p = parseBlock(block);
    if (p === 'incomplete') {
      if (i === blocks.length - 1) incomplete++;
      return;
    }
    if (p) {
      if (p.dated) dated++;
      points.push(p.point);
    }
  });
  const warnings = incomplete ? [`truncated: the last SRT entry is incomplete and was dropped; ${points.length} complete entries kept`] : [];
  if (points.length === 0 && incomplete) throw new BadInputError('truncated_log', 'the SRT file is truncated: no entry is complete');
  // Mixed files are not expected; when any entry lacks a date, fall back to subtitle time for all.
  const local = dated === points.length && dated > 0;
  if (!local) for (const p of points) p.t = (p as TrackPoint & { cueMs: number }).cueMs;
  for (const p of points) delete (p as Partial<TrackPoint & { cueMs: number }>).cueMs;
  return finishTrack('dji-srt', points, local ? 'local' : 'relative', warnings);
}

function parseBlock(block: string): { point: TrackPoint; dated: boolean } | 'incomplete' | null {
  const cue = CUE.exec(block);
  if (!cue) return 'incomplete';
  const cueMs = ((+cue[1]! * 60 + +cue[2]!) * 60 + +cue[3]!) * 1000 + +cue[4]!.padEnd(3, '0');
  let lat: number;
  let lon: number;
  const la = bracket('latitude').exec(block);
  const lo = bracket('longitude').exec(block);
  const g = GPS_OLD.exec(block);
  if (la && lo) [lat, lon] = [+la[1]!, +lo[1]!];
  else if (g) [lon, lat] = [+g[1]!, +g[2]!]; // old dialects put longitude first
  else return 'incomplete';
  if (!isFix(lat, lon)) return null;
  const nd = NEW_DATE.exec(block);
  const od = nd ? null : OLD_DATE.exec(block);
  const d = nd ?? od;
  const t = d ? Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!, nd?.[7] ? +nd[7].padEnd(3, '0') : 0) : cueMs;
  const absAlt = bracket('abs_alt').exec(block) ?? bracket('altitude').exec(block);
  const relAlt = bracket('rel_alt').exec(block) ?? /\bH\s+(-?\d+(?:\.\d+)?)m/.exec(block) ?? bracket('BAROMETER').exec(block);
  const f = triple('F\\.PRY').exec(block);
  const gp = triple('G\\.PRY').exec(block);
  const p = point({
    t,
    lat,
    lon,
    absAlt: absAlt ? +absAlt[1]! : null,
    relAlt: relAlt ? +relAlt[1]! : null,
    heading: f ? +f[3]! : null,
    gimbalPitch: gp ? +gp[1]! : null,
    gimbalYaw: gp ? +gp[3]! : null,
  });
  return { point: Object.assign(p, { cueMs }), dated: d !== null };
}
