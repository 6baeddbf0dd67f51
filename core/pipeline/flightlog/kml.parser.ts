/** KML tracks (gx:Track with times, or a plain LineString without), via @tmcw/togeojson. */
import { kml } from '@tmcw/togeojson';
import type { Track } from '../../domain.ts';
import { trackFromGeoJson } from './geojson-track.ts';
import { parseXml } from './gpx.parser.ts';

/**
 * Parses KML text. A gx:Track keeps its `when` times; a LineString has none (Airdata's KML), so its track
 * has timeBase 'none': drawable and checkable against zones, but unable to position photos by time.
 */
export function parseKml(text: string): Track {
  return trackFromGeoJson('kml', kml(parseXml(text, 'KML') as unknown as Document));
}
