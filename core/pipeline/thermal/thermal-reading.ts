/**
 * What a thermal photo says about temperature, for the photo's record and for each box: FLIR radiometric
 * files are read here (flir-radiometric.ts); DJI R-JPEGs keep their counts in a format only DJI's Thermal
 * SDK (a native library, not bundled) converts, so they are detected on the image as it is and say so.
 */
import sharp from 'sharp';
import type { Detection, ImageMeta, ThermalReading } from '../../domain.ts';
import { flirTemperatures, readFlirRadiometric, type FlirTemperatures, type PngDecoder } from './flir-radiometric.ts';

export const DJI_RJPEG_NOTE = 'DJI R-JPEG: its temperatures need DJI Thermal SDK (not bundled); detected on the image as it is';
const FLIR_NOTE = 'FLIR radiometric: raw counts and Planck constants from the file';
const NO_DATA_NOTE = 'no radiometric data in the file: temperatures unknown';

/** 16-bit greyscale PNG to its sample values (sharp decodes; samples come back in host order). */
export const decodePng16: PngDecoder = async (png) => {
  const { data, info } = await sharp(png).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new RangeError(`FLIR raw PNG has ${info.channels} channels, expected 1`);
  return { width: info.width, height: info.height, data: new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2) };
};

export interface ThermalFigures {
  /** For the photo's metadata; null for a visible photo. */
  reading: ThermalReading | null;
  /** Per-box temperatures where the file carries them. */
  temperatures: FlirTemperatures | null;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Reads the temperatures a photo carries. Never throws on a damaged FLIR block: the reading says what is wrong. */
export async function readThermal(bytes: Uint8Array, meta: Pick<ImageMeta, 'thermalData' | 'band'>): Promise<ThermalFigures> {
  if (meta.thermalData === 'flir') {
    try {
      const radiometric = await readFlirRadiometric(bytes, decodePng16);
      if (radiometric) {
        const temperatures = flirTemperatures(radiometric);
        return { reading: { centreC: round1(temperatures.centreC), maxC: round1(temperatures.maxC), note: FLIR_NOTE }, temperatures };
      }
    } catch (e) {
      return { reading: { centreC: null, maxC: null, note: `FLIR radiometric data unreadable: ${(e as Error).message}` }, temperatures: null };
    }
  }
  if (meta.thermalData === 'dji-rjpeg') return { reading: { centreC: null, maxC: null, note: DJI_RJPEG_NOTE }, temperatures: null };
  if (meta.band === 'thermal') return { reading: { centreC: null, maxC: null, note: NO_DATA_NOTE }, temperatures: null };
  return { reading: null, temperatures: null };
}

/** Each box gets the hottest temperature inside it (°C to 0.1) where the photo carries temperatures. */
export function withTemperatures(detections: Detection[], temps: FlirTemperatures | null, meta: Pick<ImageMeta, 'width' | 'height'> | null): Detection[] {
  if (!temps || !meta?.width || !meta.height) return detections;
  return detections.map((d) => {
    const t = temps.maxInBox(d.bbox, meta.width!, meta.height!);
    return { ...d, maxTempC: t === null ? null : round1(t) };
  });
}
