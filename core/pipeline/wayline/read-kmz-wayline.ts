/** A DJI wayline `.kmz` (a zip holding wpmz/template.kml and wpmz/waylines.wpml), unzipped in memory. */
import yauzl from 'yauzl';
import { BadInputError } from '../../errors.ts';
import { type Wayline, parseWpml } from './parse-wpml.ts';

/** Larger than any real waylines.wpml by far; stops a zip bomb from filling memory. */
const MAX_WPML_BYTES = 32 * 1024 * 1024;

/**
 * Reads the planned route of a WPML `.kmz`.
 * @throws BadInputError `not_a_kmz` (415) for a file that is not a zip; `no_wayline` when the zip has no
 *   waylines.wpml; `unreadable_wayline` for a damaged zip or WPML.
 */
export async function readKmzWayline(bytes: Uint8Array): Promise<Wayline> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new BadInputError('not_a_kmz', 'not a .kmz wayline: the file is not a zip archive', undefined, 415);
  const xml = await extractEntry(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (name) => /(^|\/)waylines\.wpml$/i.test(name));
  if (xml === null) throw new BadInputError('no_wayline', 'the .kmz has no wpmz/waylines.wpml');
  return parseWpml(xml);
}

function extractEntry(buf: Buffer, match: (name: string) => boolean): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error): void => reject(err instanceof BadInputError ? err : new BadInputError('unreadable_wayline', `the .kmz cannot be unzipped: ${err.message}`));
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return fail(err ?? new Error('no archive'));
      zip.on('error', fail);
      zip.on('end', () => resolve(null));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!match(entry.fileName)) return zip.readEntry();
        if (entry.uncompressedSize > MAX_WPML_BYTES) return fail(new BadInputError('unreadable_wayline', 'waylines.wpml is implausibly large'));
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_WPML_BYTES) stream.destroy(new Error('waylines.wpml is implausibly large'));
            else chunks.push(c);
          });
          stream.on('error', fail);
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.readEntry();
    });
  });
}
