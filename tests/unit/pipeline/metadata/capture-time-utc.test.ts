/**
 * Zone-less photo clocks are read in PHOTO_UTC_OFFSET_MIN: the real M3TD thermal photo says 17:08:35 with
 * no zone (exiftool agrees: no OffsetTimeOriginal), taken in China (UTC+8), so it happened at 09:08:35Z.
 * A photo whose time carries its zone is left as it is.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { captureTimeInUtc } from '../../../../core/pipeline/metadata/image-time.ts';
import { readImageMeta } from '../../../../core/pipeline/metadata/read-image-meta.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';

const exif = (file: string, tag: string) => execFileSync('exiftool', ['-s', '-s', '-s', `-${tag}`, file]).toString().trim();

describeRealdata('capture times in UTC', () => {
  it('reads a thermal photo without a zone in the configured offset', async () => {
    const file = realdata('images/dji_thermal/thermalparser_M3TD_DJI_0001_R.JPG');
    expect(exif(file, 'DateTimeOriginal')).toBe('2024:04:08 17:08:35');
    expect(exif(file, 'OffsetTimeOriginal')).toBe('');
    const read = await readImageMeta(readFileSync(file));
    expect(read).toMatchObject({ capturedAt: '2024-04-08T17:08:35.000Z', timeIsUtc: false });
    expect(captureTimeInUtc(read, 480)).toMatchObject({ capturedAt: '2024-04-08T09:08:35.000Z', timeIsUtc: true, timeOffsetAssumedMin: 480 });
    expect(captureTimeInUtc(read, -300).capturedAt).toBe('2024-04-08T22:08:35.000Z');
  });

  it('leaves a time that carries its zone unchanged', async () => {
    const read = await readImageMeta(readFileSync(realdata('images/dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg')));
    expect(read.timeIsUtc).toBe(true);
    expect(captureTimeInUtc(read, 480)).toBe(read);
  });
});
