/**
 * Which band a photo shows, so it goes to that band's model. Thermal evidence, strongest first: the file
 * carries thermal data (FLIR radiometric segments, DJI R-JPEG counts); DJI's XMP ImageSource names the
 * infrared camera; the camera table says the lens that took it is a thermal core (by model, image width
 * and focal length: a 640x512 ZH20T frame is the H20T's IR camera); the maker is FLIR; the DJI file name
 * ends in _T (the thermal file of a _W/_Z/_T set) or _R (R-JPEG); the JPEG is single-band (greyscale).
 * Everything else is visible. Pure.
 */
import type { ImageMeta, SpectralBand } from '../../domain.ts';
import { lensFor } from '../camera/camera-sensors.table.ts';

export interface BandDecision {
  band: SpectralBand;
  /** Why, for the photo's record. */
  reason: string;
}

/** DJI names the files of one shot DJI_<time>_<seq>_<camera>: W wide, Z zoom, T thermal, V visible, S screen, R R-JPEG. */
const DJI_SUFFIX = /^(DJI_\d{14}_\d{4})_([A-Z])\b/i;

export function spectralBand(meta: Pick<ImageMeta, 'make' | 'model' | 'width' | 'focalLength' | 'imageSource' | 'thermalData' | 'colorComponents'>, fileName: string): BandDecision {
  if (meta.thermalData === 'flir') return { band: 'thermal', reason: 'FLIR radiometric data in the file' };
  if (meta.thermalData === 'dji-rjpeg') return { band: 'thermal', reason: 'DJI R-JPEG thermal data in the file' };
  const source = meta.imageSource ?? null;
  if (source && /infrared|thermal/i.test(source)) return { band: 'thermal', reason: `XMP ImageSource ${source}` };
  if (source && /wide|zoom|visible|rgb|tele/i.test(source)) return { band: 'visible', reason: `XMP ImageSource ${source}` };
  const lens = lensFor({ model: meta.model, make: meta.make, imageSource: source, width: meta.width, focalLength: meta.focalLength });
  if (lens?.band === 'thermal') return { band: 'thermal', reason: `camera ${lens.name}` };
  if (meta.make && /flir/i.test(meta.make)) return { band: 'thermal', reason: `maker ${meta.make}` };
  const suffix = DJI_SUFFIX.exec(baseName(fileName))?.[2]?.toUpperCase();
  if (suffix === 'T' || suffix === 'R') return { band: 'thermal', reason: `DJI file name ends _${suffix}` };
  if (meta.colorComponents === 1) return { band: 'thermal', reason: 'single-band (greyscale) image' };
  if (lens) return { band: lens.band, reason: `camera ${lens.name}` };
  return { band: 'visible', reason: 'no sign of a thermal camera' };
}

/**
 * The key that links the photos of one shot: the DJI file stem without its camera letter (DJI_<time>_<seq>),
 * else the capture time to the second with the position to about a metre. Null where neither is known.
 */
export function shotKey(meta: Pick<ImageMeta, 'capturedAt' | 'lat' | 'lon'>, fileName: string): string | null {
  const m = DJI_SUFFIX.exec(baseName(fileName));
  if (m) return m[1]!.toUpperCase();
  if (!meta.capturedAt || meta.lat === null || meta.lon === null) return null;
  return `${meta.capturedAt.slice(0, 19)}@${meta.lat.toFixed(5)},${meta.lon.toFixed(5)}`;
}

const baseName = (fileName: string) => fileName.split(/[\\/]/).pop() ?? fileName;
