/**
 * What the fuzzers throw at each parser: arbitrary bytes, and real inputs mutated (bytes flipped,
 * inserted, removed, the file cut short, pieces of two files spliced). The one allowed failure is the
 * parser's typed error (an AppError: a clear 4xx for the client); anything else (a TypeError, a RangeError,
 * a stack overflow, a hang) is a bug. Shared by the test suite (a few hundred runs) and `npm run fuzz`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Request } from 'express';
import fc from 'fast-check';
import { receiveFiles } from '../../api/upload/multipart.ts';
import { AppError } from '../../core/errors.ts';
import { parseFlightLog } from '../../core/pipeline/flightlog/parse-flight-log.ts';
import { validateZones } from '../../core/pipeline/geofence/zones.validate.ts';
import { readImageMeta } from '../../core/pipeline/metadata/read-image-meta.ts';
import { parseWpml } from '../../core/pipeline/wayline/parse-wpml.ts';
import { readKmzWayline } from '../../core/pipeline/wayline/read-kmz-wayline.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REALDATA = path.resolve(process.env.REALDATA_DIR ?? path.join(ROOT, '../shared/realdata'));

/** Real files under these folders (repository seeds always; the real-data folder where present), small first. */
function filesUnder(dirs: string[], pattern: RegExp, maxBytes = 2_000_000, limit = 12): Uint8Array[] {
  const found: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && pattern.test(entry.name) && statSync(file).size <= maxBytes) found.push(file);
    }
  }
  return found
    .sort((a, b) => statSync(a).size - statSync(b).size)
    .slice(0, limit)
    .map((f) => new Uint8Array(readFileSync(f)));
}

/** Arbitrary bytes, or one of the seeds mutated. */
export function inputs(seeds: Uint8Array[], maxLength = 4096): fc.Arbitrary<Uint8Array> {
  const arbitrary = fc.uint8Array({ maxLength });
  if (seeds.length === 0) return arbitrary;
  const mutated = fc
    .record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      other: fc.integer({ min: 0, max: seeds.length - 1 }),
      edits: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('flip', 'insert', 'remove', 'zero', 'ff'), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 12 }),
      cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      splice: fc.option(fc.record({ from: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.double({ min: 0, max: 1, noNaN: true }) })),
    })
    .map(({ seed, other, edits, cut, splice }) => {
      let bytes = Buffer.from(seeds[seed]!);
      for (const edit of edits) {
        const at = bytes.length === 0 ? 0 : edit.at % bytes.length;
        if (edit.kind === 'flip') bytes[at] = (bytes[at] ?? 0) ^ (1 << (edit.value % 8));
        else if (edit.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.of(edit.value), bytes.subarray(at)]);
        else if (edit.kind === 'remove') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + (edit.value % 64))]);
        else bytes[at] = edit.kind === 'zero' ? 0 : 0xff;
      }
      if (splice) {
        const donor = seeds[other]!;
        bytes = Buffer.concat([bytes.subarray(0, Math.floor(splice.from * bytes.length)), donor.subarray(Math.floor(splice.to * donor.length))]);
      }
      if (cut !== null) bytes = bytes.subarray(0, Math.floor(cut * bytes.length));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    });
  return fc.oneof({ arbitrary: arbitrary, weight: 1 }, { arbitrary: mutated, weight: 3 });
}

export interface ParserTarget {
  name: string;
  seeds: () => Uint8Array[];
  /** Runs the parser; resolves, or rejects with whatever it threw. */
  run: (bytes: Uint8Array) => Promise<unknown>;
}

/** A multipart body through the real reader, as express hands it over (a stream with headers). */
export async function readMultipart(bytes: Uint8Array): Promise<unknown> {
  const req = new PassThrough() as unknown as Request & PassThrough;
  Object.assign(req, { headers: { 'content-type': 'multipart/form-data; boundary=fuzzboundary', 'content-length': String(bytes.length) }, complete: false });
  const reading = receiveFiles(req, { fields: ['files'], maxBytes: 1_000_000 }, async (stream) => {
    let size = 0;
    for await (const chunk of stream) size += (chunk as Buffer).length;
    return size;
  });
  req.end(Buffer.from(bytes));
  req.on('end', () => Object.assign(req, { complete: true }));
  return reading;
}

const multipartSeed = (parts: Array<[string, string, Uint8Array]>) =>
  Uint8Array.from(
    Buffer.concat([
      ...parts.flatMap(([field, name, body]) => [Buffer.from(`--fuzzboundary\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')]),
      Buffer.from('--fuzzboundary--\r\n'),
    ]),
  );

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

export const PARSER_TARGETS: ParserTarget[] = [
  {
    name: 'photo metadata (readImageMeta)',
    seeds: () => [...filesUnder([path.join(ROOT, 'seeds/demo/photos')], /\.jpe?g$/i, 400_000, 3), ...filesUnder([path.join(REALDATA, 'images')], /\.(jpe?g|png|webp|tiff?|dng)$/i, 3_000_000, 6)],
    run: (bytes) => readImageMeta(bytes),
  },
  {
    name: 'flight logs (parseFlightLog: DJI/Airdata CSV, GPX, KML, SRT, ULog)',
    seeds: () => [...filesUnder([path.join(ROOT, 'seeds/demo')], /\.csv$/i, 2_000_000, 1), ...filesUnder([path.join(REALDATA, 'logs')], /\.(csv|gpx|kml|srt|ulg)$/i, 1_000_000, 10)],
    run: async (bytes) => parseFlightLog(bytes, 'DJI_2020-12-02_[07-50-31].csv'),
  },
  {
    name: 'WPML waylines (parseWpml)',
    seeds: () => filesUnder([path.join(REALDATA, 'wayline')], /\.(wpml|kml)$/i, 2_000_000, 4),
    run: async (bytes) => parseWpml(text(bytes)),
  },
  {
    name: 'KMZ waylines (readKmzWayline)',
    seeds: () => filesUnder([path.join(REALDATA, 'wayline')], /\.kmz$/i, 2_000_000, 4),
    run: (bytes) => readKmzWayline(bytes),
  },
  {
    name: 'GeoJSON zones (validateZones)',
    seeds: () => filesUnder([path.join(ROOT, 'seeds/data')], /\.geojson$/i, 2_000_000, 2),
    // The API hands validateZones what express.json parsed; a body that is not JSON never reaches it.
    run: async (bytes) => {
      let body: unknown;
      try {
        body = JSON.parse(text(bytes));
      } catch {
        return null;
      }
      return validateZones(body);
    },
  },
  {
    name: 'multipart uploads (receiveFiles)',
    seeds: () => [
      multipartSeed([['files', 'a.jpg', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])]]),
      multipartSeed([
        ['files', 'x.jpg', new Uint8Array(300).fill(7)],
        ['other', 'y.txt', Buffer.from('ignored')],
        ['files', '../../etc/passwd', Buffer.from('name')],
      ]),
    ],
    run: readMultipart,
  },
];

/** The property: the parser ends (resolves, or throws its typed error) and nothing else. */
export async function endsWithTypedError(target: ParserTarget, bytes: Uint8Array): Promise<void> {
  try {
    await target.run(bytes);
  } catch (error) {
    if (error instanceof AppError) return;
    throw error;
  }
}
