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
    if (opts.maxSide && Math.max(origWidth, origHeight) > opts.maxSide) {
      pipeline = pipeline.resize({ width: opts.maxSide, height: opts.maxSide, fit: 'inside', withoutEnlargement: true });
    }
    const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { rgb: data, width: info.width, height: info.height, origWidth, origHeight };
  } catch (e) {
    throw new ImageDecodeError(what, e);
  }
}
