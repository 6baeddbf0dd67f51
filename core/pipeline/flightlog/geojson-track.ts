/** Turns togeojson output (GPX or KML) into track points: LineStrings with coordinateProperties.times. */
import type { FlightLogFormat, Track, TrackPoint } from '../../domain.ts';
import { finishTrack, isFix, point } from './track-utils.ts';

interface Feature {
  geometry: { type: string; coordinates: unknown } | null;
  properties?: { coordinateProperties?: { times?: unknown } } | null;
}

/**
 * Points of every (Multi)LineString feature, with times where the file has them. When no line has times
 * (a plain KML LineString) the track is returned in file order with timeBase 'none'.
 */
export function trackFromGeoJson(format: FlightLogFormat, collection: { features: unknown[] }): Track {
  const fc = collection as { features: Feature[] };
  const timed: TrackPoint[] = [];
  const untimed: TrackPoint[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (!g || (g.type !== 'LineString' && g.type !== 'MultiLineString')) continue;
    const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as number[][][];
    const rawTimes = f.properties?.coordinateProperties?.times;
    const timesPerLine = (g.type === 'LineString' ? [rawTimes] : Array.isArray(rawTimes) ? rawTimes : []) as unknown[];
    lines.forEach((line, li) => {
      const times = timesPerLine[li];
      line.forEach((c, i) => {
        const [lon, lat, alt] = c as [number, number, number | undefined];
        if (!isFix(lat, lon)) return;
        const absAlt = typeof alt === 'number' && Number.isFinite(alt) ? alt : null;
        const t = Array.isArray(times) ? Date.parse(String(times[i])) : NaN;
        if (Number.isFinite(t)) timed.push(point({ t, lat, lon, absAlt }));
        else untimed.push(point({ t: untimed.length, lat, lon, absAlt }));
      });
    });
  }
  return timed.length > 0 ? finishTrack(format, timed) : finishTrack(format, untimed, 'none');
}
