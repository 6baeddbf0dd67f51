/**
 * Recognises an upload as an image by its magic bytes, before anything is stored or parsed, and catches
 * the commonest broken upload: a JPEG cut off in transit.
 */
import { BadInputError } from '../../errors.ts';
import { readJpegStructure } from './jpeg-structure.ts';

export type ImageType = 'jpeg' | 'png' | 'tiff' | 'webp';

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

/**
 * The image type of `bytes` by magic number.
 * @throws BadInputError `not_an_image` (415) for anything that is not JPEG/PNG/TIFF/WebP;
 *         `truncated_image` (400) for a JPEG whose main image never reaches its EOI marker (0xFFD9).
 *         Data after the EOI (DJI's appended MPF preview) is allowed.
 */
export function sniffImageType(bytes: Uint8Array): ImageType {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    if (readJpegStructure(bytes).eoiEnd === null) {
      throw new BadInputError('truncated_image', 'JPEG is truncated: the image data ends before its EOI marker (0xFFD9)');
    }
    return 'jpeg';
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  throw new BadInputError('not_an_image', 'not an image: the file is not JPEG, PNG, TIFF or WebP (checked by its first bytes)', undefined, 415);
}
