/**
 * A minimal PX4 ULog reader (https://docs.px4.io/main/en/dev_log/ulog_file_format.html): the 16-byte
 * header, then messages of {uint16 size, uint8 type, payload}. It keeps formats ('F'), subscriptions
 * ('A'), data ('D') of the topics asked for, and logged strings ('L', 'C'). Little-endian throughout.
 */
import { BadInputError } from '../../errors.ts';

export const ULOG_MAGIC = [0x55, 0x4c, 0x6f, 0x67, 0x01, 0x12, 0x35] as const;

const SIZES: Record<string, number> = {
  int8_t: 1, uint8_t: 1, bool: 1, char: 1, int16_t: 2, uint16_t: 2, int32_t: 4, uint32_t: 4,
  int64_t: 8, uint64_t: 8, float: 4, double: 8,
};

interface Field { type: string; name: string; offset: number; count: number }
type Formats = Map<string, { fields: Field[]; size: number }>;

/** One decoded data message: its field values (scalars only; arrays and nested types are skipped). */
export type UlogRecord = Record<string, number>;

/** What readUlog returns. */
export interface UlogContent {
  startUs: number;
  /** Data of the requested topics, by topic name, multi_id 0 first. */
  topics: Map<string, { multiId: number; records: UlogRecord[] }[]>;
  /** Logged strings ('L' and tagged 'C'): level digit '0'..'7', timestamp µs, text. */
  messages: { level: number; timestampUs: number; text: string }[];
  /** True when the file ended inside a message. */
  truncated: boolean;
}

/** Reads a ULog. @throws BadInputError `unknown_log_format` (415) without the magic, `truncated_log` when cut inside the header or definitions. */
export function readUlog(bytes: Uint8Array, wanted: readonly string[]): UlogContent {
  if (!ULOG_MAGIC.every((b, i) => bytes[i] === b)) throw new BadInputError('unknown_log_format', 'not a ULog file (magic bytes missing)', undefined, 415);
  if (bytes.length < 16) throw new BadInputError('truncated_log', 'ULog file is truncated inside its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dec = new TextDecoder();
  const formats: Formats = new Map();
  const subs = new Map<number, { name: string; multiId: number; records: UlogRecord[] }>();
  const out: UlogContent = { startUs: Number(view.getBigUint64(8, true)), topics: new Map(), messages: [], truncated: false };
  let pos = 16;
  let sawData = false;
  while (pos + 3 <= bytes.length) {
    const size = view.getUint16(pos, true);
    const type = String.fromCharCode(bytes[pos + 2]!);
    const body = pos + 3;
    if (body + size > bytes.length) {
      out.truncated = true;
      break;
    }
    if (type === 'F') {
      const def = dec.decode(bytes.subarray(body, body + size));
      const [name, fieldList = ''] = def.split(':');
      formats.set(name!, { fields: [], size: 0, ...{ raw: fieldList } } as never);
    } else if (type === 'A') {
      sawData = true;
      const multiId = bytes[body]!;
      const msgId = view.getUint16(body + 1, true);
      const name = dec.decode(bytes.subarray(body + 3, body + size));
      if (wanted.includes(name)) {
        const entry = { name, multiId, records: [] as UlogRecord[] };
        subs.set(msgId, entry);
        const list = out.topics.get(name) ?? [];
        list.push(entry);
        out.topics.set(name, list);
      }
    } else if (type === 'D') {
      const sub = subs.get(view.getUint16(body, true));
      if (sub) {
        const fmt = layout(formats, sub.name);
        if (fmt) sub.records.push(decode(view, body + 2, Math.min(size - 2, fmt.size), fmt.fields));
      }
    } else if (type === 'L' && size >= 9) {
      out.messages.push({ level: bytes[body]! - 0x30, timestampUs: Number(view.getBigUint64(body + 1, true)), text: dec.decode(bytes.subarray(body + 9, body + size)) });
    } else if (type === 'C' && size >= 11) {
      out.messages.push({ level: bytes[body]! - 0x30, timestampUs: Number(view.getBigUint64(body + 3, true)), text: dec.decode(bytes.subarray(body + 11, body + size)) });
    }
    pos = body + size;
  }
  if (out.truncated && !sawData) throw new BadInputError('truncated_log', 'ULog file is truncated inside its definitions section');
  for (const list of out.topics.values()) list.sort((a, b) => a.multiId - b.multiId);
  return out;
}

/** Field offsets of a format, computed once (nested formats need their sizes first). */
function layout(formats: Formats, name: string): { fields: Field[]; size: number } | null {
  const f = formats.get(name) as ({ fields: Field[]; size: number; raw?: string } | undefined);
  if (!f) return null;
  if (f.raw === undefined) return f;
  const raw = f.raw;
  delete f.raw;
  let offset = 0;
  for (const part of raw.split(';')) {
    const m = /^\s*([\w]+)(?:\[(\d+)\])?\s+(\w+)\s*$/.exec(part);
    if (!m) continue;
    const [, type, n, fieldName] = m;
    const count = n ? Number(n) : 1;
    const size = SIZES[type!] ?? layout(formats, type!)?.size;
    if (size === undefined) return null;
    f.fields.push({ type: type!, name: fieldName!, offset, count: n ? count : 0 });
    offset += size * count;
  }
  f.size = offset;
  return f;
}

function decode(view: DataView, at: number, len: number, fields: Field[]): UlogRecord {
  const r: UlogRecord = {};
  for (const fd of fields) {
    if (fd.count !== 0 || !(fd.type in SIZES) || fd.offset + SIZES[fd.type]! > len) continue; // arrays, nested, cut
    const o = at + fd.offset;
    switch (fd.type) {
      case 'int8_t': r[fd.name] = view.getInt8(o); break;
      case 'uint8_t': case 'bool': case 'char': r[fd.name] = view.getUint8(o); break;
      case 'int16_t': r[fd.name] = view.getInt16(o, true); break;
      case 'uint16_t': r[fd.name] = view.getUint16(o, true); break;
      case 'int32_t': r[fd.name] = view.getInt32(o, true); break;
      case 'uint32_t': r[fd.name] = view.getUint32(o, true); break;
      case 'int64_t': r[fd.name] = Number(view.getBigInt64(o, true)); break;
      case 'uint64_t': r[fd.name] = Number(view.getBigUint64(o, true)); break;
      case 'float': r[fd.name] = view.getFloat32(o, true); break;
      case 'double': r[fd.name] = view.getFloat64(o, true); break;
    }
  }
  return r;
}
