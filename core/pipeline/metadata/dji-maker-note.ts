/**
 * DJI maker notes, which exifr 7 returns only as raw bytes. Old DJI firmware (Inspire 1 / FC350, 2015)
 * keeps the aircraft and gimbal attitude only here. The maker note is a plain TIFF IFD with no header:
 * a 2-byte entry count, then 12-byte entries (tag, type, count, value). The tags we read are floats
 * (type 11) stored inline, so no offsets into the outer TIFF are needed. Tag numbers are those of
 * exiftool's Image::ExifTool::DJI::Main table.
 */

/** Attitude and speeds as DJI's maker note gives them; absent tags are absent. */
export interface DjiMakerNote {
  speedX?: number;
  speedY?: number;
  speedZ?: number;
  pitch?: number;
  yaw?: number;
  roll?: number;
  cameraPitch?: number;
  cameraYaw?: number;
  cameraRoll?: number;
}

const FLOAT_TAGS: Record<number, keyof DjiMakerNote> = {
  0x03: 'speedX',
  0x04: 'speedY',
  0x05: 'speedZ',
  0x06: 'pitch',
  0x07: 'yaw',
  0x08: 'roll',
  0x09: 'cameraPitch',
  0x0a: 'cameraYaw',
  0x0b: 'cameraRoll',
};
const TYPE_ASCII = 2;
const TYPE_FLOAT = 11;

/**
 * Reads a DJI maker note. Returns null unless it looks like one: its first entry must be tag 0x0001
 * (Make) holding "DJI". Newer DJI bodies (M4TD) write a different, undocumented maker note; those get null
 * and their attitude comes from XMP instead. Byte order is tried little-endian first (every DJI file seen),
 * then big-endian.
 */
export function readDjiMakerNote(bytes: Uint8Array | null | undefined): DjiMakerNote | null {
  if (!bytes || bytes.length < 14) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const le of [true, false]) {
    const count = view.getUint16(0, le);
    if (count === 0 || count > 512) continue;
    if (view.getUint16(2, le) !== 0x0001 || view.getUint16(4, le) !== TYPE_ASCII) continue;
    if (String.fromCharCode(bytes[10]!, bytes[11]!, bytes[12]!) !== 'DJI') continue;
    const out: DjiMakerNote = {};
    for (let i = 0; i < count; i++) {
      const at = 2 + i * 12;
      if (at + 12 > bytes.length) break; // a short maker note: keep what is complete
      const key = FLOAT_TAGS[view.getUint16(at, le)];
      if (!key || view.getUint16(at + 2, le) !== TYPE_FLOAT || view.getUint32(at + 4, le) !== 1) continue;
      const v = view.getFloat32(at + 8, le);
      if (Number.isFinite(v)) out[key] = v;
    }
    return out;
  }
  return null;
}
