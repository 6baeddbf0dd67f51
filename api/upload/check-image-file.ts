/**
 * Decides whether a staged upload is a readable image before it is kept. Reads at most 64 MB into
 * memory (bigger photos are checked by their first and last bytes) so a 100 MB upload does not cost
 * 100 MB of memory.
 */
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import { AppError, BadInputError } from '../../core/errors.ts';
import { sniffImageType, type ImageType } from '../../core/pipeline/metadata/sniff-image.ts';

const WHOLE_FILE_LIMIT = 64 * 1024 * 1024;
const EDGE = 1024 * 1024;

/**
 * @param maxPixels width x height above which the photo is refused (422): a 1.5 MB JPEG can declare
 *   16000 x 16000 and cost gigabytes to decode later (MAX_IMAGE_PIXELS).
 */
export async function checkImageFile(file: string, size: number, maxPixels: number): Promise<ImageType> {
  if (size === 0) throw new BadInputError('empty_file', 'the file is empty (0 bytes)');
  const handle = await open(file, 'r');
  let type: ImageType;
  let head: Buffer | null = null;
  try {
    if (size <= WHOLE_FILE_LIMIT) {
      type = sniffImageType(await handle.readFile());
    } else {
      head = Buffer.alloc(EDGE);
      await handle.read(head, 0, EDGE, 0);
      const tail = Buffer.alloc(EDGE);
      await handle.read(tail, 0, EDGE, size - EDGE);
      type = sniffHeadOnly(head);
      // Entropy-coded data never holds FF D9 (0xFF is stuffed), so its absence near the end means a cut-off file.
      if (type === 'jpeg' && tail.indexOf(Buffer.from([0xff, 0xd9])) === -1) {
        throw new BadInputError('truncated_image', 'JPEG is truncated: no EOI marker (0xFFD9) near its end');
      }
    }
  } finally {
    await handle.close();
  }
  let pixels: { width: number; height: number };
  try {
    // A big JPEG's header sits in its first megabyte; reading only that keeps libvips from walking
    // (and holding) the whole file. TIFF directories can be anywhere, so TIFF is read from the file.
    const source = head && type !== 'tiff' ? head : file;
    // Only the header is read here, so no pixel limit is needed for it; the limit is checked below.
    const meta = await sharp(source, { limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    pixels = { width: meta.width, height: meta.height };
  } catch (error) {
    throw new BadInputError('unreadable_image', `the image header cannot be read: ${(error as Error).message}`);
  }
  if (pixels.width * pixels.height > maxPixels) {
    const mp = (n: number) => `${Math.round(n / 1e5) / 10} MP`;
    throw new AppError(422, 'image_too_large', `the photo is ${pixels.width} x ${pixels.height} px (${mp(pixels.width * pixels.height)}), over the limit of ${mp(maxPixels)} (MAX_IMAGE_PIXELS)`, { width: pixels.width, height: pixels.height, maxPixels });
  }
  return type;
}

/** Magic-byte check on the head of a large file (truncation is checked separately by the tail). */
function sniffHeadOnly(head: Buffer): ImageType {
  try {
    return sniffImageType(head);
  } catch (error) {
    if (error instanceof BadInputError && error.code === 'truncated_image') return 'jpeg';
    throw error;
  }
}
