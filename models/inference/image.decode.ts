/**
 * Decodes a photo once into interleaved 8-bit RGB, EXIF-oriented (sharp's auto-orient), so every box the
 * detector reports is in the pixels of the photo as displayed (the oriented width x height).
 */
import sharp from 'sharp';
import { ImageDecodeError } from './model.errors.ts';

/** A decoded photo. `width` x `height` is the decoded buffer, `origWidth` x `origHeight` the oriented photo. */
export interface DecodedImage {
  rgb: Buffer;
  width: number;
  height: number;
  origWidth: number;
  origHeight: number;
}

/** Decode options. */
export interface DecodeOptions {
  /**
   * Fit the decoded image inside maxSide x maxSide (never enlarging). sharp then uses JPEG shrink-on-load,
   * several times faster on a 12 MP photo. Omit to decode at full resolution (needed for tiling).
   */
  maxSide?: number;
  /** Decode at this fraction of the photo's size (0 < scale <= 1; default 1). Combines with maxSide: the smaller wins. */
  scale?: number;
  /** sharp's pixel limit against decompression bombs; default sharp's 268 MP. */
  limitInputPixels?: number;
}

/** Decodes bytes or a file path; a corrupt or unsupported photo throws ImageDecodeError (permanent). */
export async function decodeImage(input: Uint8Array | string, opts: DecodeOptions = {}): Promise<DecodedImage> {
  const what = typeof input === 'string' ? input : `(${input.byteLength} bytes)`;
  const open = () => sharp(input, { limitInputPixels: opts.limitInputPixels ?? 268402689, failOn: 'error' });
  try {
    const meta = await open().metadata();
    const origWidth = meta.autoOrient.width;
    const origHeight = meta.autoOrient.height;
    let pipeline = open().autoOrient();
    const fitScale = opts.maxSide ? opts.maxSide / Math.max(origWidth, origHeight) : 1;
    const scale = Math.min(opts.scale ?? 1, fitScale);
    if (scale < 1) {
      // fit 'inside' keeps the aspect ratio; sharp picks JPEG shrink-on-load for the coarse part.
      const width = Math.max(1, Math.round(origWidth * scale));
      const height = Math.max(1, Math.round(origHeight * scale));
      pipeline = pipeline.resize({ width, height, fit: 'inside', withoutEnlargement: true });
    }
    const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { rgb: data, width: info.width, height: info.height, origWidth, origHeight };
  } catch (e) {
    throw new ImageDecodeError(what, e);
  }
}
