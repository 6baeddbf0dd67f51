/**
 * Sensor sizes of DJI dock and enterprise cameras, for photos whose EXIF lacks a usable focal length or
 * 35 mm equivalent (old firmware, stripped files, thermal/zoom crops). Values are DJI's published specs;
 * where DJI gives only the sensor class (1/2", 4/3"...) the size is that class's usual active area.
 * Keys are the EXIF `Model` (DJI puts the camera's code there: FC7303, L2D-20c, or the drone: M4TD).
 */
import type { SpectralBand } from '../../domain.ts';

export interface SensorSpec {
  /** What it is, for people reading the table. */
  readonly name: string;
  readonly sensorWidthMm: number;
  readonly sensorHeightMm: number;
  /** Real focal length of the (wide) lens, mm. */
  readonly focalMm: number;
  /** 35 mm equivalent focal length, mm. */
  readonly focal35Mm: number;
}

export const CAMERA_SENSORS: Readonly<Record<string, SensorSpec>> = {
  // Dock 3 drone; wide camera 1/1.3" 48 MP, 24 mm eq; EXIF of a real M4TD photo says 6.72 mm.
  M4TD: { name: 'Matrice 4TD wide', sensorWidthMm: 9.7, sensorHeightMm: 7.27, focalMm: 6.72, focal35Mm: 24 },
  // Matrice 4E wide: 4/3" 20 MP, 24 mm eq.
  M4E: { name: 'Matrice 4E wide', sensorWidthMm: 17.3, sensorHeightMm: 13.0, focalMm: 12.29, focal35Mm: 24 },
  M4T: { name: 'Matrice 4T wide', sensorWidthMm: 9.7, sensorHeightMm: 7.27, focalMm: 6.72, focal35Mm: 24 },
  // Dock 2 drone: Matrice 3TD wide 1/1.32" 48 MP, 24 mm eq.
  M3TD: { name: 'Matrice 3TD wide', sensorWidthMm: 9.6, sensorHeightMm: 7.2, focalMm: 6.72, focal35Mm: 24 },
  M3D: { name: 'Matrice 3D wide', sensorWidthMm: 17.3, sensorHeightMm: 13.0, focalMm: 12.29, focal35Mm: 24 },
  // Mavic 3 Enterprise: 4/3" 20 MP, 24 mm eq; Mavic 3 Thermal wide 1/2" 48 MP, 24 mm eq.
  M3E: { name: 'Mavic 3 Enterprise wide', sensorWidthMm: 17.3, sensorHeightMm: 13.0, focalMm: 12.29, focal35Mm: 24 },
  M3T: { name: 'Mavic 3 Thermal wide', sensorWidthMm: 6.4, sensorHeightMm: 4.8, focalMm: 4.4, focal35Mm: 24 },
  // Dock 1 drone: Matrice 30T wide 1/2" 12 MP, 24 mm eq, 4.5 mm.
  M30T: { name: 'Matrice 30T wide', sensorWidthMm: 6.4, sensorHeightMm: 4.8, focalMm: 4.5, focal35Mm: 24 },
  M30: { name: 'Matrice 30 wide', sensorWidthMm: 6.4, sensorHeightMm: 4.8, focalMm: 4.5, focal35Mm: 24 },
  // Mavic 3 Hasselblad (EXIF Make Hasselblad): 4/3", 12.29 mm, 24 mm eq.
  'L2D-20c': { name: 'Mavic 3 Hasselblad', sensorWidthMm: 17.3, sensorHeightMm: 13.0, focalMm: 12.29, focal35Mm: 24 },
  // Mavic 2 Pro Hasselblad: 1", 10.26 mm, 28 mm eq.
  'L1D-20c': { name: 'Mavic 2 Pro Hasselblad', sensorWidthMm: 13.2, sensorHeightMm: 8.8, focalMm: 10.26, focal35Mm: 28 },
  // Mini 2: 1/2.3", 4.49 mm, 24 mm eq.
  FC7303: { name: 'Mini 2', sensorWidthMm: 6.17, sensorHeightMm: 4.55, focalMm: 4.49, focal35Mm: 24 },
  // Phantom 4 (FC330) and Inspire 1 X3 (FC350): 1/2.3", 3.61 mm, 20 mm eq.
  FC330: { name: 'Phantom 4', sensorWidthMm: 6.17, sensorHeightMm: 4.55, focalMm: 3.61, focal35Mm: 20 },
  FC350: { name: 'Inspire 1 X3', sensorWidthMm: 6.17, sensorHeightMm: 4.55, focalMm: 3.61, focal35Mm: 20 },
  // Phantom 4 Pro / Pro V2 and Phantom 4 RTK: 1", 8.8 mm, 24 mm eq.
  FC6310: { name: 'Phantom 4 Pro', sensorWidthMm: 13.2, sensorHeightMm: 8.8, focalMm: 8.8, focal35Mm: 24 },
  FC6310S: { name: 'Phantom 4 Pro V2', sensorWidthMm: 13.2, sensorHeightMm: 8.8, focalMm: 8.8, focal35Mm: 24 },
  FC6310R: { name: 'Phantom 4 RTK', sensorWidthMm: 13.2, sensorHeightMm: 8.8, focalMm: 8.8, focal35Mm: 24 },
};

/** The table entry for an EXIF model string (exact, then case-insensitive), or null. */
export function sensorFor(model: string | null): SensorSpec | null {
  return lookup(CAMERA_SENSORS, model);
}

function lookup<T>(table: Readonly<Record<string, T>>, model: string | null): T | null {
  if (!model) return null;
  const key = model.trim();
  const exact = table[key];
  if (exact) return exact;
  const upper = key.toUpperCase();
  for (const [k, v] of Object.entries(table)) if (k.toUpperCase() === upper) return v;
  return null;
}


/**
 * One camera of a multi-camera payload. Thermal cores are specified by their pixel pitch (the physical
 * sensor is pitch x pixels; "super resolution" 1280x1024 modes keep the physical size, so the size, not
 * the pitch, is what the table holds). A zoom lens has a focal range; the EXIF focal length picks the point.
 */
export interface LensSpec extends SensorSpec {
  /** wide | zoom | ir (DJI's XMP ImageSource says WideCamera, ZoomCamera, InfraredCamera). */
  readonly kind: 'wide' | 'zoom' | 'ir';
  readonly band: SpectralBand;
  /** Longest focal length of a zoom lens, mm (focalMm is the shortest). */
  readonly focalMaxMm?: number;
  /** Image widths this camera writes (to tell the cameras of one payload apart without XMP). */
  readonly widths: readonly number[];
  /** Lenses are swapped on this camera: without an EXIF focal length its own focal length is unknown. */
  readonly interchangeableLens?: true;
}

/** Sensor of a 640x512 thermal core with pixel pitch `um` micrometres. */
const core640 = (um: number) => ({ sensorWidthMm: (640 * um) / 1000, sensorHeightMm: (512 * um) / 1000 });
/** A 4:3 sensor whose diagonal follows from a lens's focal length and its diagonal field of view. */
const fromDfov = (focalMm: number, dfovDeg: number) => {
  const diag = 2 * focalMm * Math.tan((dfovDeg * Math.PI) / 360);
  return { sensorWidthMm: Math.round(diag * 0.8 * 100) / 100, sensorHeightMm: Math.round(diag * 0.6 * 100) / 100 };
};

/**
 * The cameras of thermal and zoom payloads, per EXIF `Model` (DJI writes the same Model on every camera
 * of a payload: M3TD, M30T, ZH20T). Figures are the manufacturers' published specifications (DJI product
 * spec pages for Zenmuse H20T/H30T, Matrice 30T, Mavic 3T, Matrice 3TD, Matrice 4T/4TD; FLIR's Zenmuse
 * XT and XT2 datasheets); where a sensor size is not published it follows from the published focal length
 * and diagonal field of view (fromDfov) or from the thermal core's pixel pitch (core640).
 */
export const CAMERA_LENSES: Readonly<Record<string, readonly LensSpec[]>> = {
  // FLIR Zenmuse XT and XT2 (DJI writes Make DJI, Model FLIR): uncooled VOx 17 um cores, 640x512 or
  // 336x256; lenses XT 6.8 (336 only) / 7.5 (640 only) / 9 / 13 / 19 mm, XT2 9 / 13 / 19 / 25 mm. The
  // physical sensor is 17 um x pixels, so the EXIF focal length alone fixes the intrinsics; the 336
  // core is listed by width so its size is its own. No 35 mm equivalent in these files.
  FLIR: [
    { name: 'FLIR Zenmuse XT/XT2 640 (17 um)', kind: 'ir', band: 'thermal', ...core640(17), focalMm: 13, focal35Mm: 40, widths: [640], interchangeableLens: true },
    { name: 'FLIR Zenmuse XT/XT2 336 (17 um)', kind: 'ir', band: 'thermal', sensorWidthMm: 5.712, sensorHeightMm: 4.352, focalMm: 9, focal35Mm: 54, widths: [336], interchangeableLens: true },
  ],
  // Zenmuse H20T: IR 640x512 12 um, 13.5 mm (DFOV 40.6); wide 1/2.3" 12 MP 4.5 mm, 24 mm eq (DFOV 82.9);
  // zoom 1/1.7" 20 MP 6.83-119.9 mm, 31.7-556.2 mm eq.
  ZH20T: [
    { name: 'Zenmuse H20T IR', kind: 'ir', band: 'thermal', ...core640(12), focalMm: 13.5, focal35Mm: 58, widths: [640] },
    { name: 'Zenmuse H20T wide', kind: 'wide', band: 'visible', ...fromDfov(4.5, 82.9), focalMm: 4.5, focal35Mm: 24, widths: [4056] },
    { name: 'Zenmuse H20T zoom', kind: 'zoom', band: 'visible', sensorWidthMm: 7.46, sensorHeightMm: 5.59, focalMm: 6.83, focalMaxMm: 119.94, focal35Mm: 31.7, widths: [5184, 1920] },
  ],
  // Zenmuse H30T: IR 1280x1024 (12 um 640 core, UHR mode) 24 mm, 53 mm eq (DFOV 45.2); wide 1/1.8" 48 MP
  // 6.72 mm, 24 mm eq (DFOV 82.1); zoom 1/1.8" 40 MP 7.1-172.5 mm, 34-834 mm eq.
  ZH30T: [
    { name: 'Zenmuse H30T IR', kind: 'ir', band: 'thermal', ...fromDfov(24, 45.2), focalMm: 24, focal35Mm: 53, widths: [1280, 640] },
    { name: 'Zenmuse H30T wide', kind: 'wide', band: 'visible', ...fromDfov(6.72, 82.1), focalMm: 6.72, focal35Mm: 24, widths: [8064, 4032] },
    { name: 'Zenmuse H30T zoom', kind: 'zoom', band: 'visible', ...fromDfov(7.1, 47.6), focalMm: 7.1, focalMaxMm: 172.5, focal35Mm: 34, widths: [7328, 3664, 1920] },
  ],
  // Matrice 30T: IR 640x512 12 um 9.1 mm, 40 mm eq (DFOV 61); wide 1/2" 48 MP 4.5 mm, 24 mm eq (DFOV 84);
  // zoom 1/2" 48 MP 21-75 mm, 113-405 mm eq.
  M30T: [
    { name: 'Matrice 30T IR', kind: 'ir', band: 'thermal', ...core640(12), focalMm: 9.1, focal35Mm: 40, widths: [640, 1280] },
    { name: 'Matrice 30T wide', kind: 'wide', band: 'visible', sensorWidthMm: 6.4, sensorHeightMm: 4.8, focalMm: 4.5, focal35Mm: 24, widths: [8000, 4000] },
    { name: 'Matrice 30T zoom', kind: 'zoom', band: 'visible', sensorWidthMm: 6.4, sensorHeightMm: 4.8, focalMm: 21, focalMaxMm: 75, focal35Mm: 113, widths: [8000, 4000] },
  ],
  // Mavic 3T: IR 640x512 12 um 9.1 mm, 40 mm eq (DFOV 61); wide 1/2" 48 MP 4.4 mm, 24 mm eq; tele 1/2" 12 MP 162 mm eq.
  M3T: [
    { name: 'Mavic 3T IR', kind: 'ir', band: 'thermal', ...core640(12), focalMm: 9.1, focal35Mm: 40, widths: [640] },
    { name: 'Mavic 3T wide', kind: 'wide', band: 'visible', sensorWidthMm: 6.4, sensorHeightMm: 4.8, focalMm: 4.4, focal35Mm: 24, widths: [8000, 4000] },
    { name: 'Mavic 3T tele', kind: 'zoom', band: 'visible', sensorWidthMm: 6.4, sensorHeightMm: 4.8, focalMm: 29.9, focal35Mm: 162, widths: [4000] },
  ],
  // Matrice 3TD (Dock 2): IR 640x512 12 um 9.1 mm, 40 mm eq (a real M3TD R-JPEG says so); wide 1/1.32" 48 MP 6.72 mm, 24 mm eq.
  M3TD: [
    { name: 'Matrice 3TD IR', kind: 'ir', band: 'thermal', ...core640(12), focalMm: 9.1, focal35Mm: 40, widths: [640, 1280] },
    { name: 'Matrice 3TD wide', kind: 'wide', band: 'visible', sensorWidthMm: 9.6, sensorHeightMm: 7.2, focalMm: 6.72, focal35Mm: 24, widths: [8064, 4032] },
  ],
  // Matrice 4T: IR 640x512 (1280x1024 UHR) 12 um, 53 mm eq (DFOV 45); wide 1/1.3" 48 MP 6.72 mm, 24 mm eq;
  // medium tele 1/1.3" 48 MP 70 mm eq; tele 1/1.5" 48 MP 168 mm eq.
  M4T: [
    { name: 'Matrice 4T IR', kind: 'ir', band: 'thermal', ...core640(12), focalMm: 12, focal35Mm: 53, widths: [640, 1280] },
    { name: 'Matrice 4T wide', kind: 'wide', band: 'visible', sensorWidthMm: 9.7, sensorHeightMm: 7.27, focalMm: 6.72, focal35Mm: 24, widths: [8064, 4032] },
    { name: 'Matrice 4T medium tele', kind: 'zoom', band: 'visible', sensorWidthMm: 9.7, sensorHeightMm: 7.27, focalMm: 19.6, focal35Mm: 70, widths: [8064, 4032] },
    { name: 'Matrice 4T tele', kind: 'zoom', band: 'visible', sensorWidthMm: 7.6, sensorHeightMm: 5.7, focalMm: 36.9, focal35Mm: 168, widths: [8192, 4096] },
  ],
  // Matrice 4TD (Dock 3): IR 640x512 (1280x1024 UHR) 12 um, 53 mm eq (DFOV 45); wide 1/1.3" 48 MP 6.72 mm,
  // 24 mm eq (a real M4TD photo says 6.72 mm); medium tele 1/1.3" 48 MP 70 mm eq.
  M4TD: [
    { name: 'Matrice 4TD IR', kind: 'ir', band: 'thermal', ...core640(12), focalMm: 12, focal35Mm: 53, widths: [640, 1280] },
    { name: 'Matrice 4TD wide', kind: 'wide', band: 'visible', sensorWidthMm: 9.7, sensorHeightMm: 7.27, focalMm: 6.72, focal35Mm: 24, widths: [8064, 4032] },
    { name: 'Matrice 4TD medium tele', kind: 'zoom', band: 'visible', sensorWidthMm: 9.7, sensorHeightMm: 7.27, focalMm: 19.6, focal35Mm: 70, widths: [8064, 4032] },
  ],
};

/** Other EXIF names for the same payloads. */
const LENS_ALIASES: Readonly<Record<string, string>> = { XT: 'FLIR', XT2: 'FLIR', 'ZENMUSE XT2': 'FLIR', H20T: 'ZH20T', H30T: 'ZH30T' };

/** What picks one camera of a payload. */
export interface LensQuery {
  model: string | null;
  make?: string | null;
  /** XMP drone-dji ImageSource (WideCamera, ZoomCamera, InfraredCamera, ...). */
  imageSource?: string | null;
  width: number | null;
  focalLength: number | null;
}

const KIND_OF_SOURCE: ReadonlyArray<[RegExp, LensSpec['kind']]> = [
  [/infrared|thermal|\bir\b/i, 'ir'],
  [/zoom|tele/i, 'zoom'],
  [/wide|visible|rgb/i, 'wide'],
];

/**
 * The camera of a multi-camera payload that took a photo: by XMP ImageSource, else by a focal length the
 * lens has (within 3 %, a zoom anywhere in its range), else by image width. Null where the model is not a
 * payload in the table. A FLIR-made file (Make FLIR) counts as the FLIR entry.
 */
export function lensFor(q: LensQuery): LensSpec | null {
  const key = q.model ? (LENS_ALIASES[q.model.trim().toUpperCase()] ?? q.model) : null;
  let lenses = lookup(CAMERA_LENSES, key);
  // Another FLIR-made camera of a size the FLIR cores have shares their 17 um pitch.
  if (!lenses && q.make && /flir/i.test(q.make) && q.width) lenses = CAMERA_LENSES.FLIR!.filter((l) => l.widths.includes(q.width!));
  if (!lenses?.length) return null;
  const kind = q.imageSource ? KIND_OF_SOURCE.find(([re]) => re.test(q.imageSource!))?.[1] : undefined;
  let pool = kind ? lenses.filter((l) => l.kind === kind) : [...lenses];
  if (pool.length === 0) pool = [...lenses];
  if (q.width) {
    const byWidth = pool.filter((l) => l.widths.includes(q.width!));
    if (byWidth.length > 0) pool = byWidth;
  }
  const f = q.focalLength;
  if (f && f > 0 && pool.length > 1) {
    const fits = pool.filter((l) => (l.focalMaxMm ? f >= l.focalMm * 0.97 && f <= l.focalMaxMm * 1.03 : Math.abs(f - l.focalMm) <= l.focalMm * 0.03));
    if (fits.length > 0) pool = fits;
  }
  return pool[0] ?? null;
}
