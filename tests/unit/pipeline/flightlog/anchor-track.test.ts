/** Flight logs go on the UTC clock before they are stored: real DJI SRT and Airdata KML files. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { anchorTrack } from '../../../../core/pipeline/flightlog/anchor-track.ts';
import { parseFlightLog } from '../../../../core/pipeline/flightlog/parse-flight-log.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';

const parse = (rel: string) => parseFlightLog(readFileSync(realdata(rel)), rel.split('/').at(-1)!);
const START = '2025-04-24T02:00:00.000Z';

describeRealdata('anchorTrack', () => {
  it('refuses an undated SRT (P4 RTK) with 422 when the mission has no start time', () => {
    const track = parse('logs/dji_srt/srtparser_p4_rtk.SRT');
    expect(track.timeBase).toBe('relative');
    expect(() => anchorTrack(track, { missionStartedAt: null, utcOffsetMin: 480 })).toThrow(expect.objectContaining({ status: 422, code: 'undated_log' }));
  });

  it("counts an undated SRT's times from the mission start", () => {
    const track = parse('logs/dji_srt/srtparser_p4_rtk.SRT');
    const anchored = anchorTrack(track, { missionStartedAt: START, utcOffsetMin: 480 });
    expect(anchored.startedAt).toBe(START);
    expect(anchored.track.timeBase).toBeUndefined(); // utc
    expect(Date.parse(anchored.endedAt!) - Date.parse(START)).toBe(track.points.at(-1)!.t - track.points[0]!.t);
    expect(anchored.track.warnings!.join()).toContain('mission start');
  });

  it("reads a dated SRT's local clock in the configured zone", () => {
    const track = parse('logs/dji_srt/srtparser_mavic_air2.srt');
    expect(track.timeBase).toBe('local');
    const anchored = anchorTrack(track, { missionStartedAt: null, utcOffsetMin: 480 });
    expect(Date.parse(anchored.startedAt!)).toBe(track.points[0]!.t - 8 * 3_600_000);
    expect(anchored.startedAt!.startsWith('1970')).toBe(false);
  });

  it('dates a KML without times by the mission start, and refuses it without one', () => {
    const track = parse('logs/airdata_csv/mini-2_Sep-5th-2021-07-23PM-Flight-Airdata.kml');
    expect(track.timeBase).toBe('none');
    expect(() => anchorTrack(track, { missionStartedAt: null, utcOffsetMin: 480 })).toThrow(expect.objectContaining({ status: 422 }));
    expect(anchorTrack(track, { missionStartedAt: START, utcOffsetMin: 480 })).toMatchObject({ startedAt: START, endedAt: null, track: { timeBase: 'none' } });
  });

  it('leaves a log on the UTC clock as it is (Airdata CSV)', () => {
    const track = parse('logs/airdata_csv/mini-2_Sep-5th-2021-07-23PM-Flight-Airdata.csv');
    const anchored = anchorTrack(track, { missionStartedAt: null, utcOffsetMin: 480 });
    expect(anchored.track).toBe(track);
    expect(anchored.startedAt!.startsWith('2021-09-0')).toBe(true);
  });
});
