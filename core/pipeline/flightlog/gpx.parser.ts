/** GPX tracks (Airdata's export and any logger's), via @tmcw/togeojson on @xmldom/xmldom. */
import { gpx } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import type { Track } from '../../domain.ts';
import { BadInputError } from '../../errors.ts';
import { trackFromGeoJson } from './geojson-track.ts';

/** Parses GPX text: lat/lon, `ele` as absAlt, `time`. */
export function parseGpx(text: string): Track {
  return trackFromGeoJson('gpx', gpx(parseXml(text, 'GPX') as unknown as Document));
}

/** An XML document, or BadInputError `unreadable_log` for malformed XML (xmldom throws on fatal errors). */
export function parseXml(text: string, what: string): ReturnType<DOMParser['parseFromString']> {
  try {
    return new DOMParser({ onError: (level, msg) => { if (level === 'fatalError') throw new Error(msg); } }).parseFromString(text, 'text/xml');
  } catch (err) {
    throw new BadInputError('unreadable_log', `the ${what} file is not well-formed XML (truncated?): ${(err as Error).message}`);
  }
}
