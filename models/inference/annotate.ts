/**
 * Draws detections on a photo: a coloured box per detection and a label with the class name (Chinese or
 * English, from the manifest) and score, as one SVG overlay composited by sharp; JPEG out. The photo is
 * EXIF-oriented first, matching the pixels the boxes are in. A box filed as a finding takes its severity's
 * colour (the map's: low blue, medium yellow, high orange, critical red) where the caller gives it, else
 * its class colour. A box the ground-size check held back (not filed as a finding) is drawn dashed on grey
 * and says so, so nobody mistakes it for a flagged hazard. Labels sit on a plate as wide as their text
 * (CJK characters count full width) in a text colour that reads on it.
 */
import sharp from 'sharp';
import type { Detection } from '../../core/domain.ts';
import { holdsBack } from '../../core/pipeline/camera/ground-size.check.ts';
import type { ManifestClass, ModelManifest } from './manifest.schema.ts';
import { hasCjkFont } from './cjk-font.ts';
import { decodeImage } from './image.decode.ts';

/** Options of {@link annotate}. */
export interface AnnotateOptions {
  /** Class names from the manifest; without them the class id is shown. */
  classes?: readonly ManifestClass[];
  /** Alternatively the whole manifest (its `classes` are used). */
  manifest?: Pick<ModelManifest, 'classes'>;
  /** Which name to print (default 'zh' where a Chinese font is installed, else 'en'). */
  language?: 'zh' | 'en';
  /** JPEG quality (default 85). */
  quality?: number;
  /**
   * The copy is drawn at most this many pixels on its long edge (ANNOTATE_MAX_EDGE): the photo is decoded
   * shrunk (JPEG shrink-on-load), so a huge photo costs what its copy costs, not what it declares.
   */
  maxEdge?: number;
  /** Photos declaring more pixels are refused before decoding (MAX_IMAGE_PIXELS). */
  maxInputPixels?: number;
}

// Distinct, colour-blind-friendlier hues (Okabe-Ito), by class order; ids outside the list hash to one.
const PALETTE = ['#D55E00', '#999999', '#E69F00', '#0072B2', '#56B4E9', '#CC79A7', '#009E73', '#F0E442'];

/** The colour of a class: by its position among the manifest classes, else by a hash of its id. */
export function classColour(cls: string, classes: readonly ManifestClass[] = []): string {
  let i = classes.findIndex((c) => c.id === cls);
  if (i < 0) i = [...cls].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  return PALETTE[i % PALETTE.length]!;
}

/** A detection as drawn: the size check's verdict (analyze fills it in) and the finding's severity decide the style. */
export type DrawnDetection = Detection & { sizeCheck?: string | null; groundSizeM?: { longM: number } | null; severity?: string | null };

/** Severity colours, the same as the map's markers, with a text colour that reads on each. */
export const SEVERITY_PLATE: Readonly<Record<string, { fill: string; text: string }>> = {
  low: { fill: '#1c6fb0', text: '#ffffff' },
  medium: { fill: '#f2c200', text: '#1d232a' },
  high: { fill: '#f76707', text: '#1d232a' },
  critical: { fill: '#c01c28', text: '#ffffff' },
};

/** Width of a label in ems: CJK and other wide characters take a full em, the rest about 0.6. */
export function labelEms(text: string): number {
  let ems = 0;
  for (const ch of text) ems += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 1 : 0.62;
  return ems;
}

const HELD_BACK: Record<'zh' | 'en', string> = { zh: '尺寸不符', en: 'wrong size' };

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The SVG overlay for a `width` x `height` image. */
export function overlaySvg(width: number, height: number, detections: readonly DrawnDetection[], opts: AnnotateOptions = {}): string {
  const stroke = Math.max(2, Math.round(Math.max(width, height) / 400));
  const font = Math.max(12, Math.round(Math.max(width, height) / 60));
  const language = opts.language ?? (hasCjkFont() ? 'zh' : 'en');
  const parts = detections.map((d) => {
    const [x, y, w, h] = d.bbox;
    const held = holdsBack(d.sizeCheck);
    const plate = !held && d.severity ? SEVERITY_PLATE[d.severity] : undefined;
    const colour = held ? '#666666' : (plate?.fill ?? classColour(d.class, opts.classes));
    const textColour = plate?.text ?? '#fff';
    const named = opts.classes?.find((c) => c.id === d.class);
    const size = d.groundSizeM ? ` ${d.groundSizeM.longM.toFixed(1)} m` : '';
    const label = `${named ? named[language] : d.class} ${d.score.toFixed(2)}${held ? ` ${HELD_BACK[language]}${size}` : ''}`;
    const dash = held ? ` stroke-dasharray="${stroke * 3} ${stroke * 2}"` : '';
    // Label above the box, or inside it when the box touches the top edge.
    const ly = y - font * 1.3 >= 0 ? y - font * 1.3 : y;
    const lw = Math.ceil((labelEms(label) + 0.4) * font);
    return (
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="${colour}" stroke-width="${stroke}"${dash}/>` +
      `<rect x="${x}" y="${ly}" width="${lw}" height="${font * 1.3}" fill="${colour}"/>` +
      `<text x="${x + font * 0.2}" y="${ly + font}" font-size="${font}" font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, Noto Serif CJK SC, sans-serif" fill="${textColour}">${escapeXml(label)}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

/** Returns a JPEG of the photo with the detections drawn on it (boxes scaled with the photo when it is drawn smaller). */
export async function annotate(image: Uint8Array | string, detections: readonly DrawnDetection[], opts: AnnotateOptions = {}): Promise<Buffer> {
  const decoded = await decodeImage(image, { ...(opts.maxEdge ? { maxSide: opts.maxEdge } : {}), ...(opts.maxInputPixels ? { limitInputPixels: opts.maxInputPixels } : {}) });
  const { width, height } = decoded;
  const k = width / decoded.origWidth;
  const drawn = k === 1 ? detections : detections.map((d) => ({ ...d, bbox: d.bbox.map((v) => v * k) as Detection['bbox'] }));
  const svg = Buffer.from(overlaySvg(width, height, drawn, { ...opts, classes: opts.classes ?? opts.manifest?.classes }));
  return sharp(decoded.rgb, { raw: { width, height, channels: 3 } })
    .composite([{ input: svg, top: 0, left: 0 }])
    .jpeg({ quality: opts.quality ?? 85 })
    .toBuffer();
}

/** Alias of {@link annotate} (the name the API route imports). */
export const annotateImage = annotate;
