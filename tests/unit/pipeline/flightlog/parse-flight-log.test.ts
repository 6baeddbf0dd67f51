/** parseFlightLog on the real logs: format sniffing, the three Mini 2 exports agreeing, refusals. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Track } from '../../../../core/domain.ts';
import { parseFlightLog } from '../../../../core/pipeline/flightlog/parse-flight-log.ts';
import { readUlog } from '../../../../core/pipeline/flightlog/ulog-reader.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';

const load = (rel: string, name = rel.split('/').pop()!): Track => parseFlightLog(readFileSync(realdata('logs', rel)), name);
const refusal = (bytes: Uint8Array, name: string): [string, number] | null => {
  try {
    parseFlightLog(bytes, name);
    return null;
  } catch (e) {
    const err = e as { code: string; status: number };
    return [err.code, err.status];
  }
};
const MINI2 = 'airdata_csv/mini-2_Sep-5th-2021-07-23PM-Flight-Airdata';

describeRealdata('the three exports of one Mini 2 flight agree', () => {
  const csv = load(`${MINI2}.csv`);
  const gpx = load(`${MINI2}.gpx`);
  const kml = load(`${MINI2}.kml`);
  it('are sniffed as their formats', () => expect([csv.format, gpx.format, kml.format]).toEqual(['airdata-csv', 'gpx', 'kml']));
  it('every GPX point matches the CSV sample of the same time: lat/lon within 1e-5, altitude within 0.5 m', () => {
    const byT = new Map(csv.points.map((q) => [q.t, q]));
    let matched = 0;
    for (const g of gpx.points) {
      const c = byT.get(g.t);
      if (!c) continue;
      matched++;
      expect(Math.abs(c.lat - g.lat)).toBeLessThan(1e-5);
      expect(Math.abs(c.lon - g.lon)).toBeLessThan(1e-5);
      expect(Math.abs(c.absAlt! - g.absAlt!)).toBeLessThan(0.5); // feet -> metres against GPX <ele>
    }
    expect(matched).toBe(gpx.points.length);
  });
  it('KML has no times (timeBase none), and each of its points is one of the CSV positions', () => {
    expect(kml.timeBase).toBe('none');
    expect(kml.points.length).toBe(2284); // 2285 coordinates in the file, one of them the Home Point
    for (const k of kml.points.filter((_, i) => i % 50 === 0)) {
      const near = csv.points.some((c) => Math.abs(c.lat - k.lat) < 1e-5 && Math.abs(c.lon - k.lon) < 1e-5 && Math.abs(c.absAlt! - k.absAlt!) < 0.5);
      expect(near).toBe(true);
    }
  });
  it('the CSV track spans the flight (02:23:48 to 02:44:42 UTC per its datetime column)', () => {
    expect(new Date(csv.points[0]!.t).toISOString()).toBe('2021-09-06T02:23:48.000Z');
    expect(csv.points.at(-1)!.t - csv.points[0]!.t).toBe(1254400); // last time(millisecond) in the file
  });
});

describeRealdata('SRT, ULog and DJI csv', () => {
  it('DJI csv: 92 rows, start time from the file name', () => {
    const t = load('dji_csv/exiftool_Geotag_DJI_2020-12-02_[07-50-31].csv');
    expect(t.format).toBe('dji-csv');
    expect(t.points.length).toBe(92);
    expect(new Date(t.points[0]!.t).toISOString()).toBe('2020-12-02T07:50:31.300Z'); // first row Time(seconds) 0.3
    expect(t.points[0]).toMatchObject({ lat: -44.69009395, lon: 170.42456545 });
  });
  it('Mavic Air 2 SRT: 25 entries on the local clock, new dialect', () => {
    const t = load('dji_srt/srtparser_mavic_air2.srt');
    expect([t.format, t.points.length, t.timeBase]).toEqual(['dji-srt', 25, 'local']);
    expect(t.points[0]).toMatchObject({ t: Date.UTC(2022, 4, 1, 15, 1, 58, 531), lat: 41.420684, lon: 2.162162, absAlt: 27.3 });
  });
  it('P4 RTK SRT: 55 entries, relative times, attitude from F.PRY / G.PRY', () => {
    const t = load('dji_srt/srtparser_p4_rtk.SRT');
    expect([t.points.length, t.timeBase]).toEqual([55, 'relative']);
    expect(t.points[1]).toMatchObject({ t: 1000, lat: -34.237911, lon: -58.85174, relAlt: 85.83, heading: 110.3, gimbalPitch: -24.4, gimbalYaw: 110.5 });
  });
  it('truncated SRT: the 19 complete entries are kept and the cut one is reported', () => {
    const t = load('dji_srt/srtparser_broken_incomplete.SRT');
    expect(t.points.length).toBe(19);
    expect(t.warnings?.[0]).toMatch(/truncated/);
    expect(t.points.at(-1)!.t - t.points[0]!.t).toBe(18_000); // 10:15:03 .. 10:15:21
  });
  it('ULog: logged messages equal pyulog expected output; 32 GPS fixes with UTC time', () => {
    const bytes = readFileSync(realdata('logs/px4_ulog/sample_log_small.ulg'));
    const fmt = (us: number) => {
      const s = Math.floor(us / 1e6);
      return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    };
    const levels = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];
    const lines = readUlog(bytes, []).messages.map((m) => `${fmt(m.timestampUs)} ${levels[m.level]}: ${m.text}`);
    const expected = readFileSync(realdata('logs/px4_ulog/sample_log_small_messages.expected.txt'), 'utf8').trim().split('\n');
    expect(lines).toEqual(expected);
    const t = load('px4_ulog/sample_log_small.ulg');
    expect([t.format, t.points.length, t.timeBase]).toEqual(['px4-ulog', 32, undefined]);
    // A record decoded by hand with Python struct: lat 634170578e-7, lon 104082156e-7, time_utc_usec 1618986659600345.
    expect(t.points.find((q) => q.t === 1618986659600)).toMatchObject({ lat: 63.4170578, lon: 10.4082156 });
  });
  it('a ULog cut inside its definitions is refused as truncated_log', () => {
    const bytes = readFileSync(realdata('logs/px4_ulog/sample_log_small.ulg'));
    expect(refusal(bytes.subarray(0, 2000), 'x.ulg')).toEqual(['truncated_log', 400]);
  });
  it('a photo, random text, an unknown CSV and XML are refused with 415 unknown_log_format', () => {
    const jpeg = readFileSync(realdata('images/dji_rgb/exifr_issue-13_Mavic2Pro_L1D-20c.jpg'));
    expect(refusal(jpeg, 'flight.csv')).toEqual(['unknown_log_format', 415]);
    expect(refusal(Buffer.from('Lorem ipsum dolor sit amet.\nNot a log at all.\n'), 'log.srt')).toEqual(['unknown_log_format', 415]);
    expect(refusal(Buffer.from('a,b,c\n1,2,3\n'), 'log.csv')).toEqual(['unknown_log_format', 415]);
    expect(refusal(Buffer.from('<?xml version="1.0"?><svg/>'), 'log.kml')).toEqual(['unknown_log_format', 415]);
  });
  it('a GPX cut in half is refused with a 4xx naming the reason', () => {
    const gpx = readFileSync(realdata('logs', `${MINI2}.gpx`));
    const r = refusal(gpx.subarray(0, gpx.length >> 1), 'x.gpx');
    expect(r?.[1]).toBe(400);
    expect(r?.[0]).toBe('unreadable_log');
  });
});

describe('parseFlightLog without real data', () => {
  it('refuses an empty file', () => expect(refusal(new Uint8Array(0), 'a.gpx')).toEqual(['unknown_log_format', 415]));
});
