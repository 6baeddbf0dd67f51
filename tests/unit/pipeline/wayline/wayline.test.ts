/**
 * parseWpml on both real waylines, checked against values read from the XML text with plain regular
 * expressions (independent of fast-xml-parser); readKmzWayline on a .kmz zipped in memory at test time.
 */
import { readFileSync } from 'node:fs';
import { ZipArchive } from 'archiver';
import { describe, expect, it } from 'vitest';
import { parseWpml } from '../../../../core/pipeline/wayline/parse-wpml.ts';
import { readKmzWayline } from '../../../../core/pipeline/wayline/read-kmz-wayline.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';

const DIRS = ['tummakeathon_M3TD_python_modified', 'tummakeathon_M4TD_flighthub_export'];
const wpml = (dir: string): string => readFileSync(realdata('wayline', dir, 'wpmz/waylines.wpml'), 'utf8');

const zip = (files: Record<string, string>): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const a = new ZipArchive();
    const chunks: Buffer[] = [];
    a.on('data', (c: Buffer) => chunks.push(c));
    a.on('end', () => resolve(Buffer.concat(chunks)));
    a.on('error', reject);
    for (const [name, text] of Object.entries(files)) a.append(text, { name });
    void a.finalize();
  });

describeRealdata('parseWpml on the real waylines', () => {
  it.each(DIRS)('%s: waypoint count, first waypoint and mission settings match the XML', (dir) => {
    const xml = wpml(dir);
    const w = parseWpml(xml);
    expect(w.waypoints.length).toBe(xml.match(/<Placemark>/g)!.length); // 4 and 1 per README
    const [lon, lat] = /<coordinates>\s*([^<]+?)\s*<\/coordinates>/.exec(xml)![1]!.split(',').map(Number);
    expect(w.waypoints[0]).toMatchObject({ index: 0, lat, lon, height: Number(/<wpml:executeHeight>([^<]+)</.exec(xml)![1]) });
    expect(w.executeHeightMode).toBe('WGS84');
    expect(w.mission.finishAction).toBe('goHome');
    expect(w.wpmlNamespace).toBe('http://www.dji.com/wpmz/1.0.6');
    expect(w.mission.droneEnumValue).toBe(dir.includes('M4TD') ? 100 : 91);
  });
  it('M3TD: the orientedShoot waypoint carries its gimbal pitch and actions', () => {
    const w = parseWpml(wpml(DIRS[0]!));
    expect(w.waypoints.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(w.waypoints[2]!.actions).toContain('orientedShoot');
    expect(w.waypoints[3]).toMatchObject({ lat: 49.0994348, lon: 12.1810242, height: 470.75 });
  });
  it('readKmzWayline unzips wpmz/waylines.wpml in memory', async () => {
    const kmz = await zip({ 'wpmz/template.kml': '<kml/>', 'wpmz/waylines.wpml': wpml(DIRS[1]!) });
    const w = await readKmzWayline(kmz);
    expect(w.waypoints).toHaveLength(1);
    expect(w.waypoints[0]).toMatchObject({ lat: 48.19014118, lon: 11.499985362 });
  });
});

describe('readKmzWayline refusals', () => {
  it('a file that is not a zip: 415 not_a_kmz', async () => {
    await expect(readKmzWayline(Buffer.from('<kml/>'))).rejects.toMatchObject({ code: 'not_a_kmz', status: 415 });
  });
  it('a zip without waylines.wpml: no_wayline', async () => {
    await expect(readKmzWayline(await zip({ 'wpmz/template.kml': '<kml/>' }))).rejects.toMatchObject({ code: 'no_wayline', status: 400 });
  });
  it('a truncated zip: unreadable_wayline', async () => {
    const kmz = await zip({ 'wpmz/waylines.wpml': '<kml><Document/></kml>'.repeat(50) });
    await expect(readKmzWayline(kmz.subarray(0, kmz.length - 30))).rejects.toMatchObject({ code: 'unreadable_wayline' });
  });
  it('WPML without waypoints: unreadable_wayline', () => {
    expect(() => parseWpml('<kml><Document><Folder/></Document></kml>')).toThrow(/no WPML waypoints/);
  });
});
