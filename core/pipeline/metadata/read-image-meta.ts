/**
 * The metadata stage: a photo's bytes in, its pose and camera out (ImageMeta). Pure: no file system.
 * exifr reads EXIF, GPS, XMP and the raw maker note; the DJI specifics (drone-dji XMP under either
 * namespace address, XMP hidden in the EXIF block, attitude only in old DJI maker notes, true pixel size
 * from the JPEG frame header) are handled by the small readers beside this file.
 */
import { exifrParse } from './exifr-lib.ts';
import type { ImageMeta, PositionSource } from '../../domain.ts';
import { BadInputError } from '../../errors.ts';
import { readDjiMakerNote } from './dji-maker-note.ts';
import { findDjiGroup, parseEmbeddedXmp } from './dji-xmp.ts';
import { readCaptureTime } from './image-time.ts';
import { readJpegStructure, type JpegStructure } from './jpeg-structure.ts';
import { hasFlirData } from '../thermal/flir-radiometric.ts';
import { type Bag, firstByte, isBag, num, str, validLatLon } from './meta-values.ts';
import { sniffImageType } from './sniff-image.ts';

const EXIFR_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  xmp: true,
  makerNote: true,
  ifd1: false,
  mergeOutput: false,
  // Raw strings: exifr would otherwise turn zone-less EXIF dates into Dates in the host's time zone.
  reviveValues: false,
  translateValues: false,
  multiSegment: true,
};

/**
 * Reads a photo's metadata.
 * @param bytes the whole original file
 * @throws BadInputError `not_an_image` (415), `truncated_image`, or `unreadable_image` (400)
 * @returns ImageMeta; missing values are null. positionSource is 'xmp' (DJI XMP), 'exif' (EXIF GPS) or
 *   'none' (no position: complete it from a flight log with completeMetaFromTrack).
 */
export async function readImageMeta(bytes: Uint8Array): Promise<ImageMeta> {
  const type = sniffImageType(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out: Bag = {};
  if (type !== 'webp') {
    try {
      const parsed: unknown = await exifrParse(buf, EXIFR_OPTIONS);
      if (isBag(parsed)) out = parsed;
    } catch (err) {
      throw new BadInputError('unreadable_image', `image metadata could not be read: ${(err as Error).message}`);
    }
  }
  let dji = findDjiGroup(out);
  let tiffXmp: Bag = isBag(out.tiff) ? out.tiff : {};
  let xmpBasic: Bag = isBag(out.xmp) ? out.xmp : {};
  if (!dji) {
    const embedded = await parseEmbeddedXmp(bytes);
    if (embedded) {
      dji = findDjiGroup(embedded);
      if (isBag(embedded.tiff)) tiffXmp = embedded.tiff;
      if (isBag(embedded.xmp)) xmpBasic = embedded.xmp;
    }
  }
  const ifd0: Bag = isBag(out.ifd0) ? out.ifd0 : {};
  const exif: Bag = isBag(out.exif) ? out.exif : {};
  const gps: Bag = isBag(out.gps) ? out.gps : {};
  const d: Bag = dji ?? {};
  const mn = readDjiMakerNote(out.makerNote instanceof Uint8Array ? out.makerNote : null);

  let lat: number | null = null;
  let lon: number | null = null;
  let positionSource: PositionSource = 'none';
  const xLat = num(d.GpsLatitude);
  const xLon = num(d.GpsLongitude ?? d.GpsLongtitude); // DJI firmware has shipped the "Longtitude" typo
  const eLat = num(gps.latitude);
  const eLon = num(gps.longitude);
  if (validLatLon(xLat, xLon)) [lat, lon, positionSource] = [xLat, xLon, 'xmp'];
  else if (validLatLon(eLat, eLon)) [lat, lon, positionSource] = [eLat, eLon, 'exif'];

  const gpsAlt = num(gps.GPSAltitude);
  const exifAbsAlt = gpsAlt === null ? null : firstByte(gps.GPSAltitudeRef) === 1 ? -gpsAlt : gpsAlt;
  const jpeg = type === 'jpeg' ? readJpegStructure(bytes) : null;
  const size = jpeg ?? (type === 'png' ? pngSize(bytes) : null);
  const lrfLat = num(d.LRFTargetLat);
  const lrfLon = num(d.LRFTargetLon);

  return {
    ...readCaptureTime(exif, gps, xmpBasic, dji),
    lat,
    lon,
    absAlt: num(d.AbsoluteAltitude) ?? exifAbsAlt,
    relAlt: num(d.RelativeAltitude),
    gimbalPitch: num(d.GimbalPitchDegree) ?? mn?.cameraPitch ?? null,
    gimbalYaw: num(d.GimbalYawDegree) ?? mn?.cameraYaw ?? null,
    gimbalRoll: num(d.GimbalRollDegree) ?? mn?.cameraRoll ?? null,
    flightYaw: num(d.FlightYawDegree) ?? mn?.yaw ?? null,
    flightPitch: num(d.FlightPitchDegree) ?? mn?.pitch ?? null,
    flightRoll: num(d.FlightRollDegree) ?? mn?.roll ?? null,
    make: str(ifd0.Make) ?? str(tiffXmp.Make),
    model: str(ifd0.Model) ?? str(tiffXmp.Model),
    // The frame header is the truth; EXIF sizes go stale when a tool resizes without rewriting them.
    width: size?.width ?? num(exif.ExifImageWidth) ?? num(ifd0.ImageWidth),
    height: size?.height ?? num(exif.ExifImageHeight) ?? num(ifd0.ImageHeight),
    focalLength: num(exif.FocalLength) || null,
    focal35: num(exif.FocalLengthIn35mmFormat) || null,
    lrfTarget: validLatLon(lrfLat, lrfLon)
      ? { lat: lrfLat, lon: lrfLon!, absAlt: num(d.LRFTargetAbsAlt), distance: num(d.LRFTargetDistance) }
      : null,
    positionSource,
    imageSource: str(d.ImageSource),
    thermalData: jpeg ? thermalDataOf(bytes, jpeg) : null,
    colorComponents: jpeg?.components ?? null,
  };
}

/**
 * Which thermal data a JPEG carries: FLIR radiometric APP1 segments, or DJI R-JPEG raw counts (a run of
 * APP3 segments, about two bytes per pixel, written by the H20T, M2EA, M30T, M3T and later).
 */
function thermalDataOf(bytes: Uint8Array, jpeg: JpegStructure): ImageMeta['thermalData'] {
  if (hasFlirData(bytes)) return 'flir';
  const app3 = jpeg.appSegments.filter((s) => s.marker === 0xe3).reduce((n, s) => n + s.length, 0);
  if (jpeg.width && jpeg.height && app3 >= jpeg.width * jpeg.height * 2 * 0.9) return 'dji-rjpeg';
  return null;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(b: Uint8Array): { width: number | null; height: number | null } {
  if (b.length < 24) return { width: null, height: null };
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
