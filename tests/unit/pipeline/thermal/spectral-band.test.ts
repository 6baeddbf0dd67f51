/** Band routing on real files and on the naming rules, the shot key of a _W/_T pair, and temperature escalation. */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageMeta } from '../../../../core/pipeline/metadata/read-image-meta.ts';
import { shotKey, spectralBand } from '../../../../core/pipeline/thermal/spectral-band.ts';
import { severityWithTemperature } from '../../../../core/pipeline/thermal/temperature-escalation.ts';
import { describeRealdata, realdata } from '../../../helpers/realdata.ts';

const plain = { make: 'DJI', model: 'FC7303', width: 4000, focalLength: 4.49, imageSource: null, thermalData: null, colorComponents: 3 } as const;

describeRealdata('band of real photos', () => {
  const bandOf = async (rel: string) => {
    const meta = await readImageMeta(readFileSync(realdata(rel)));
    return spectralBand(meta, rel);
  };
  it('sends FLIR radiometric, DJI R-JPEG and H20T IR frames to thermal', async () => {
    expect(await bandOf('images/dji_thermal/thermalparser_DJI_XT2_withGPS.jpg')).toEqual({ band: 'thermal', reason: 'FLIR radiometric data in the file' });
    expect(await bandOf('images/dji_thermal/thermalparser_DJI_H20T_withGPS.jpg')).toEqual({ band: 'thermal', reason: 'DJI R-JPEG thermal data in the file' });
    expect(await bandOf('images/dji_thermal/thermalparser_M3TD_DJI_0001_R.JPG')).toEqual({ band: 'thermal', reason: 'DJI R-JPEG thermal data in the file' });
  });
  it('keeps visible photos visible, the M4TD wide by its XMP ImageSource', async () => {
    expect(await bandOf('images/dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg')).toEqual({ band: 'visible', reason: 'XMP ImageSource WideCamera' });
    expect((await bandOf('images/dji_rgb/macuil_Aerea3_FC7303_Mini2_nadir.JPG')).band).toBe('visible');
    expect((await bandOf('aerial/construction_site_drone/caliterra_IMG_9403.jpg')).band).toBe('visible');
  });
});

describe('band rules without radiometric data', () => {
  it('reads XMP ImageSource, the camera table, the maker, DJI file suffixes and single-band images', () => {
    expect(spectralBand({ ...plain, imageSource: 'InfraredCamera' }, 'x.jpg')).toEqual({ band: 'thermal', reason: 'XMP ImageSource InfraredCamera' });
    expect(spectralBand({ ...plain, model: 'ZH20T', width: 640, focalLength: 13.5 }, 'x.jpg')).toEqual({ band: 'thermal', reason: 'camera Zenmuse H20T IR' });
    expect(spectralBand({ ...plain, model: 'ZH20T', width: 4056, focalLength: 4.5 }, 'x.jpg').band).toBe('visible');
    expect(spectralBand({ ...plain, model: 'M30T', width: 640, focalLength: 9.1 }, 'x.jpg').band).toBe('thermal');
    expect(spectralBand({ ...plain, make: 'FLIR Systems', model: 'Vue Pro R' }, 'x.jpg')).toEqual({ band: 'thermal', reason: 'maker FLIR Systems' });
    expect(spectralBand({ ...plain, make: 'FLIR Systems', model: 'Vue Pro R', width: 640 }, 'x.jpg')).toEqual({ band: 'thermal', reason: 'camera FLIR Zenmuse XT/XT2 640 (17 um)' });
    expect(spectralBand(plain, 'DJI_20250424192959_0014_T.JPG')).toEqual({ band: 'thermal', reason: 'DJI file name ends _T' });
    expect(spectralBand(plain, 'DJI_20250424192959_0014_W.JPG').band).toBe('visible');
    expect(spectralBand({ ...plain, colorComponents: 1 }, 'frame.jpg')).toEqual({ band: 'thermal', reason: 'single-band (greyscale) image' });
    expect(spectralBand(plain, 'frame.jpg')).toEqual({ band: 'visible', reason: 'no sign of a thermal camera' });
  });

  it('reads a real single-band JPEG as thermal', async () => {
    const grey = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#303030' } }).toColourspace('b-w').jpeg().toBuffer();
    const meta = await readImageMeta(grey);
    expect(meta.colorComponents).toBe(1);
    expect(spectralBand(meta, 'frame_0001.jpg')).toEqual({ band: 'thermal', reason: 'single-band (greyscale) image' });
  });

  it('links a _W/_T pair by its DJI stem, else by time and place', () => {
    const meta = { capturedAt: '2025-04-24T19:29:59.000Z', lat: 49.1, lon: 11.2 };
    expect(shotKey(meta, 'DJI_20250424192959_0014_W.JPG')).toBe(shotKey(meta, 'dji_20250424192959_0014_T.jpg'));
    expect(shotKey(meta, 'DJI_20250424192959_0014_W.JPG')).not.toBe(shotKey(meta, 'DJI_20250424192959_0015_T.JPG'));
    expect(shotKey(meta, 'a.jpg')).toBe(shotKey({ ...meta, capturedAt: '2025-04-24T19:29:59.400Z' }, 'b.jpg'));
    expect(shotKey(meta, 'a.jpg')).not.toBe(shotKey({ ...meta, lat: 49.2 }, 'b.jpg'));
    expect(shotKey({ ...meta, capturedAt: null }, 'a.jpg')).toBeNull();
  });
});

describe('severity above a temperature', () => {
  const rule = { severity: 'medium' as const, escalateAboveC: 150, escalateSeverity: 'critical' as const };
  it('raises only above the rule temperature, only upwards, and only where a temperature is known', () => {
    expect(severityWithTemperature(rule, 151)).toBe('critical');
    expect(severityWithTemperature(rule, 150)).toBe('medium');
    expect(severityWithTemperature(rule, null)).toBe('medium');
    expect(severityWithTemperature({ ...rule, escalateSeverity: 'low' }, 400)).toBe('medium');
    expect(severityWithTemperature({ severity: 'high' }, 400)).toBe('high');
  });
});
