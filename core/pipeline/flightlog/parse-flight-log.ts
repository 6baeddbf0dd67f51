/**
 * The flight-log stage: bytes + file name in, one Track out. The format is sniffed from the content
 * (the extension only breaks ties), so a misnamed file is still read and a foreign one is refused.
 */
import type { Track } from '../../domain.ts';
import { BadInputError } from '../../errors.ts';
import { isAirdataHeader, parseAirdataCsv } from './airdata-csv.parser.ts';
import { isDjiCsvHeader, parseDjiCsv } from './dji-csv.parser.ts';
import { parseGpx } from './gpx.parser.ts';
import { parseKml } from './kml.parser.ts';
import { looksLikeSrt, parseSrt } from './srt.parser.ts';
import { textOf } from './track-utils.ts';
import { ULOG_MAGIC, readUlog } from './ulog-reader.ts';
import { parseUlog } from './ulog.parser.ts';

const UNKNOWN = (why: string): BadInputError =>
  new BadInputError('unknown_log_format', `not a flight log this platform reads (DJI/Airdata CSV, GPX, KML, DJI SRT, PX4 ULog): ${why}`, undefined, 415);

/**
 * Parses a flight log of any supported format.
 * @param bytes the whole file
 * @param filename the uploaded name: used for the start time of DJI csv logs (`DJI_YYYY-MM-DD_[HH-MM-SS].csv`)
 * @throws BadInputError 415 `unknown_log_format` for anything else (a photo, random text, an unknown CSV);
 *   400 `truncated_log`, `unreadable_log` or `no_positions` for a log of a known format that cannot be used.
 */
export function parseFlightLog(bytes: Uint8Array, filename: string): Track {
  if (bytes.length === 0) throw UNKNOWN('the file is empty');
  if (ULOG_MAGIC.every((b, i) => bytes[i] === b)) return parseUlog(bytes);
  if (ULOG_MAGIC.slice(0, 4).every((b, i) => bytes[i] === b)) readUlog(bytes, []); // refuses with the reason
  const head = bytes.subarray(0, 4096);
  if (head.some((b) => b === 0)) throw UNKNOWN('binary content that is not a ULog');
  const text = textOf(bytes);
  const start = text.slice(0, 4096);
  if (/^\s*</.test(start)) {
    if (/<gpx[\s>]/i.test(start)) return parseGpx(text);
    if (/<kml[\s>]/i.test(start)) return parseKml(text);
    throw UNKNOWN('XML that is neither GPX nor KML');
  }
  if (looksLikeSrt(start)) return parseSrt(text);
  const header = start.split(/\r?\n/, 1)[0] ?? '';
  if (isAirdataHeader(header)) return parseAirdataCsv(text);
  if (isDjiCsvHeader(header)) return parseDjiCsv(text, filename);
  if (/\.srt$/i.test(filename) && /-->/.test(start)) return parseSrt(text);
  throw UNKNOWN('no known header or signature in the content');
}
