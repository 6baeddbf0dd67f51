/**
 * FLIR radiometric JPEGs (FLIR cameras, and DJI's Zenmuse XT/XT2, which are FLIR cores): the JPEG carries
 * a FLIR "FFF" file split over APP1 segments that begin "FLIR\0". Inside, a record directory points at the
 * raw sensor image (16-bit counts, stored raw or as a PNG) and the camera-info record with the Planck
 * constants and the object parameters (emissivity, reflected and atmospheric temperature, distance,
 * humidity) that turn counts into temperatures. Layout as exiftool documents it (Image::ExifTool::FLIR):
 * FFF header, 32-byte directory entries, RawData record type 1, CameraInfo record type 0x20. Pure: bytes in.
 */
import { readJpegStructure } from '../metadata/jpeg-structure.ts';

/** What temperature conversion needs: raw counts and the constants from the file. */
export interface FlirRadiometric {
  width: number;
  height: number;
  /** Raw sensor counts, row-major, `width * height`. */
  raw: Uint16Array;
  params: FlirParams;
}

/** Constants of one FLIR image. Temperatures in °C, distance in metres, humidity 0..1. */
export interface FlirParams {
  planckR1: number;
  planckR2: number;
  planckB: number;
  planckF: number;
  planckO: number;
  emissivity: number;
  objectDistanceM: number;
  reflectedC: number;
  atmosphericC: number;
  irWindowC: number;
  irWindowTransmission: number;
  relativeHumidity: number;
  atmAlpha1: number;
  atmAlpha2: number;
  atmBeta1: number;
  atmBeta2: number;
  atmX: number;
}

/** A raw image stored as PNG: the caller decodes it (sharp), to 16-bit grey values in PNG (big-endian) order. */
export type PngDecoder = (png: Uint8Array) => Promise<{ width: number; height: number; data: Uint16Array }>;

const FLIR_MAGIC = [0x46, 0x4c, 0x49, 0x52, 0x00]; // "FLIR\0"
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const RECORD_RAW_DATA = 0x01;
const RECORD_CAMERA_INFO = 0x20;
const KELVIN = 273.15;

const startsWith = (b: Uint8Array, at: number, magic: number[]) => magic.every((v, i) => b[at + i] === v);

/** The FFF file reassembled from a JPEG's FLIR APP1 segments (in their index order), or null when there are none. */
export function flirFffOf(bytes: Uint8Array): Uint8Array | null {
  const parts: Array<{ index: number; data: Uint8Array }> = [];
  for (const seg of readJpegStructure(bytes).appSegments) {
    if (seg.marker !== 0xe1 || seg.length < 8 || !startsWith(bytes, seg.offset, FLIR_MAGIC)) continue;
    // "FLIR\0", 0x01, this segment's index, the last index; then the chunk.
    parts.push({ index: bytes[seg.offset + 6]!, data: bytes.subarray(seg.offset + 8, seg.offset + seg.length) });
  }
  if (parts.length === 0) return null;
  parts.sort((a, b) => a.index - b.index);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.data.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p.data, at);
    at += p.data.length;
  }
  return out;
}

/** True when the JPEG holds FLIR radiometric segments. */
export function hasFlirData(bytes: Uint8Array): boolean {
  return readJpegStructure(bytes).appSegments.some((s) => s.marker === 0xe1 && s.length >= 8 && startsWith(bytes, s.offset, FLIR_MAGIC));
}

interface FffRecord {
  type: number;
  offset: number;
  length: number;
}

function fffRecords(fff: Uint8Array): FffRecord[] {
  if (fff.length < 0x40 || !startsWith(fff, 0, [0x46, 0x46, 0x46, 0x00])) throw new RangeError('FLIR data does not start with an FFF header');
  const view = new DataView(fff.buffer, fff.byteOffset, fff.byteLength);
  // The format version (100..) tells the header's byte order.
  const versionBe = view.getUint32(0x14, false);
  const le = !(versionBe >= 100 && versionBe < 200);
  const dirOffset = view.getUint32(0x18, le);
  const entries = view.getUint32(0x1c, le);
  const out: FffRecord[] = [];
  for (let i = 0; i < entries; i++) {
    const at = dirOffset + i * 32;
    if (at + 32 > fff.length) break;
    const type = view.getUint16(at, le);
    if (type === 0) continue;
    out.push({ type, offset: view.getUint32(at + 0x0c, le), length: view.getUint32(at + 0x10, le) });
  }
  return out;
}

/** A record's own byte order: its first int16 is 2 when read in the right order. */
const recordLittleEndian = (view: DataView, at: number) => view.getUint16(at, true) === 2 || view.getUint16(at, false) !== 2;

function readCameraInfo(fff: Uint8Array, rec: FffRecord): FlirParams {
  if (rec.offset + 0x310 > fff.length) throw new RangeError('FLIR camera-info record is truncated');
  const view = new DataView(fff.buffer, fff.byteOffset + rec.offset, rec.length);
  const le = recordLittleEndian(view, 0);
  const f = (o: number) => view.getFloat32(o, le);
  return {
    emissivity: f(0x20),
    objectDistanceM: f(0x24),
    reflectedC: f(0x28) - KELVIN,
    atmosphericC: f(0x2c) - KELVIN,
    irWindowC: f(0x30) - KELVIN,
    irWindowTransmission: f(0x34),
    relativeHumidity: f(0x3c) > 2 ? f(0x3c) / 100 : f(0x3c),
    planckR1: f(0x58),
    planckB: f(0x5c),
    planckF: f(0x60),
    atmAlpha1: f(0x70),
    atmAlpha2: f(0x74),
    atmBeta1: f(0x78),
    atmBeta2: f(0x7c),
    atmX: f(0x80),
    planckO: view.getInt32(0x308, le),
    planckR2: f(0x30c),
  };
}

async function readRawData(fff: Uint8Array, rec: FffRecord, decodePng: PngDecoder): Promise<{ width: number; height: number; raw: Uint16Array }> {
  const view = new DataView(fff.buffer, fff.byteOffset + rec.offset, Math.min(rec.length, fff.length - rec.offset));
  const le = recordLittleEndian(view, 0);
  const width = view.getUint16(2, le);
  const height = view.getUint16(4, le);
  const dataAt = rec.offset + 0x20;
  const data = fff.subarray(dataAt, rec.offset + rec.length);
  if (startsWith(data, 0, PNG_MAGIC)) {
    const png = await decodePng(data);
    if (png.width !== width || png.height !== height) throw new RangeError(`FLIR raw PNG is ${png.width}x${png.height}, its record says ${width}x${height}`);
    // FLIR writes the PNG's 16-bit samples little-endian, against the PNG standard: swap each back.
    const raw = new Uint16Array(png.data.length);
    for (let i = 0; i < raw.length; i++) {
      const v = png.data[i]!;
      raw[i] = ((v & 0xff) << 8) | (v >> 8);
    }
    return { width, height, raw };
  }
  if (data.length < width * height * 2) throw new RangeError(`FLIR raw image is truncated: ${data.length} bytes for ${width}x${height}`);
  const raw = new Uint16Array(width * height);
  const dv = new DataView(data.buffer, data.byteOffset, width * height * 2);
  for (let i = 0; i < raw.length; i++) raw[i] = dv.getUint16(i * 2, le);
  return { width, height, raw };
}

/**
 * Reads the raw image and constants of a FLIR radiometric JPEG; null where the file has no FLIR data.
 * @throws RangeError when FLIR segments are there but damaged (named in the message)
 */
export async function readFlirRadiometric(bytes: Uint8Array, decodePng: PngDecoder): Promise<FlirRadiometric | null> {
  const fff = flirFffOf(bytes);
  if (!fff) return null;
  const records = fffRecords(fff);
  const rawRec = records.find((r) => r.type === RECORD_RAW_DATA);
  const infoRec = records.find((r) => r.type === RECORD_CAMERA_INFO);
  if (!rawRec || !infoRec) throw new RangeError(`FLIR data lacks its ${rawRec ? 'camera-info' : 'raw-data'} record`);
  const { width, height, raw } = await readRawData(fff, rawRec, decodePng);
  return { width, height, raw, params: readCameraInfo(fff, infoRec) };
}

/** Counts a blackbody at `celsius` gives, by the Planck constants. */
function countsAt(p: FlirParams, celsius: number): number {
  return p.planckR1 / (p.planckR2 * (Math.exp(p.planckB / (celsius + KELVIN)) - p.planckF)) - p.planckO;
}

/**
 * A converter from raw counts to object temperature (°C): the standard FLIR radiometric chain — the
 * atmosphere's transmission from humidity, distance and the camera's alpha/beta/X constants; the
 * reflected and atmospheric radiation taken off; divided by emissivity; inverted through Planck's law.
 * (IR window left out where its transmission is 1, as on the XT/XT2.)
 */
export function countsToCelsius(p: FlirParams): (raw: number) => number {
  const t = p.atmosphericC;
  const h2o = p.relativeHumidity * Math.exp(1.5587 + 0.06939 * t - 0.00027816 * t * t + 0.00000068455 * t * t * t);
  const sqrtD = Math.sqrt(Math.max(0, p.objectDistanceM));
  const tau =
    p.atmX * Math.exp(-sqrtD * (p.atmAlpha1 + p.atmBeta1 * Math.sqrt(h2o))) + (1 - p.atmX) * Math.exp(-sqrtD * (p.atmAlpha2 + p.atmBeta2 * Math.sqrt(h2o)));
  const win = p.irWindowTransmission > 0 ? p.irWindowTransmission : 1;
  const e = p.emissivity > 0 ? p.emissivity : 1;
  const rawRefl = countsAt(p, p.reflectedC);
  const rawAtm = countsAt(p, p.atmosphericC);
  const rawWin = countsAt(p, p.irWindowC);
  return (raw: number) => {
    const rawObj = raw / e / tau / win - ((1 - e) / e) * rawRefl - ((1 - tau) / e / tau) * rawAtm - ((1 - win) / e / tau / win) * rawWin;
    return p.planckB / Math.log(p.planckR1 / (p.planckR2 * (rawObj + p.planckO)) + p.planckF) - KELVIN;
  };
}

/** Temperatures (°C) over the image: centre, hottest overall, and hottest inside boxes given in JPEG pixels. */
export interface FlirTemperatures {
  centreC: number;
  maxC: number;
  /** Hottest temperature inside a box [x, y, w, h] of a photo `imageWidth` x `imageHeight` px (the raw image is scaled to it). */
  maxInBox(box: readonly [number, number, number, number], imageWidth: number, imageHeight: number): number | null;
}

/** Temperature figures of a radiometric image. Pixels map by scale where the JPEG and the raw image differ in size. */
export function flirTemperatures(r: FlirRadiometric): FlirTemperatures {
  const toC = countsToCelsius(r.params);
  let maxRaw = 0;
  for (const v of r.raw) if (v > maxRaw) maxRaw = v;
  const cx = Math.floor(r.width / 2);
  const cy = Math.floor(r.height / 2);
  return {
    centreC: toC(r.raw[cy * r.width + cx]!),
    maxC: toC(maxRaw),
    maxInBox([x, y, w, h], imageWidth, imageHeight) {
      const sx = r.width / imageWidth;
      const sy = r.height / imageHeight;
      const x0 = Math.max(0, Math.floor(x * sx));
      const y0 = Math.max(0, Math.floor(y * sy));
      const x1 = Math.min(r.width, Math.ceil((x + w) * sx));
      const y1 = Math.min(r.height, Math.ceil((y + h) * sy));
      if (x1 <= x0 || y1 <= y0) return null;
      let m = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) m = Math.max(m, r.raw[yy * r.width + xx]!);
      return toC(m);
    },
  };
}
