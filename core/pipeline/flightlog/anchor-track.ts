/**
 * Puts a parsed flight log on the UTC clock before it is stored, so its times can be compared with photo
 * times and shown as dates. A log whose clock is the aircraft's zone-less local time (dated DJI SRT) is
 * read in PHOTO_UTC_OFFSET_MIN. A log without dates (an undated SRT counts from the video start, a KML
 * LineString has no times) is anchored to the mission's start time where the mission has one, and is
 * refused (422) where it has not, never stored as times in January 1970.
 */
import type { Track } from '../../domain.ts';
import { AppError } from '../../errors.ts';

export interface AnchoredTrack {
  /** On the UTC clock, or timeBase 'none' (times unknown: drawable and checkable, never matched to photos). */
  track: Track;
  startedAt: string | null;
  endedAt: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function anchorTrack(track: Track, opts: { missionStartedAt: string | null; utcOffsetMin: number }): AnchoredTrack {
  const points = track.points;
  const base = track.timeBase ?? 'utc';
  const span = (t: Track): AnchoredTrack => ({ track: t, startedAt: t.points.length ? iso(t.points[0]!.t) : null, endedAt: t.points.length ? iso(t.points.at(-1)!.t) : null });
  if (base === 'utc') return span(track);
  if (base === 'local') {
    const offsetMs = opts.utcOffsetMin * 60_000;
    const { timeBase: _local, ...rest } = track;
    return span({ ...rest, points: points.map((p) => ({ ...p, t: p.t - offsetMs })), warnings: [...(track.warnings ?? []), `times are the aircraft's local clock, read as UTC${opts.utcOffsetMin >= 0 ? '+' : ''}${opts.utcOffsetMin / 60} (PHOTO_UTC_OFFSET_MIN)`] });
  }
  if (!opts.missionStartedAt) {
    throw new AppError(422, 'undated_log', `the ${track.format} flight log has no dates (${base === 'relative' ? 'its times count from the start of the recording' : 'it has no times at all'}): give the mission its start time (startedAt) so the log can be anchored to it, or upload a log with dates`, { format: track.format, timeBase: base });
  }
  const start = Date.parse(opts.missionStartedAt);
  if (base === 'relative') {
    const t0 = points[0]?.t ?? 0;
    const { timeBase: _relative, ...rest } = track;
    return span({ ...rest, points: points.map((p) => ({ ...p, t: start + (p.t - t0) })), warnings: [...(track.warnings ?? []), `the log has no dates: its times are counted from the mission start ${opts.missionStartedAt}`] });
  }
  return { track: { ...track, warnings: [...(track.warnings ?? []), `the log has no times: dated by the mission start ${opts.missionStartedAt}`] }, startedAt: iso(start), endedAt: null };
}
