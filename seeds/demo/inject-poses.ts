/**
 * Writes DJI-style metadata into the rendered demo photos: EXIF (Make/Model, DateTimeOriginal in local
 * time with its offset, focal lengths, GPS) and XMP in the drone-dji namespace (GpsLatitude, GpsLongitude,
 * AbsoluteAltitude, RelativeAltitude, gimbal and flight angles), as a DJI dock drone writes them.
 *   npx tsx seeds/demo/inject-poses.ts --in /tmp/demo-render [--out seeds/demo/photos]
 * Reads from --in (make_scene.py output, not committed) so re-running never re-encodes a photo twice.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { MissionSpec, SpecPhoto } from './build-mission-spec.ts';

const signed = (x: number, digits: number): string => (x >= 0 ? '+' : '') + x.toFixed(digits);

/** The XMP packet of one photo (pure). */
export function poseXmp(p: SpecPhoto, spec: MissionSpec): string {
  const o = p.pose;
  const attrs: [string, string][] = [
    ['drone-dji:GpsLatitude', signed(o.lat, 9)],
    ['drone-dji:GpsLongitude', signed(o.lon, 9)],
    ['drone-dji:AbsoluteAltitude', signed(o.absAlt, 3)],
    ['drone-dji:RelativeAltitude', signed(o.relAlt, 3)],
    ['drone-dji:GimbalRollDegree', signed(o.gimbalRoll, 2)],
    ['drone-dji:GimbalYawDegree', signed(o.gimbalYaw, 2)],
    ['drone-dji:GimbalPitchDegree', signed(o.gimbalPitch, 2)],
    ['drone-dji:FlightRollDegree', '+0.00'],
    ['drone-dji:FlightYawDegree', signed(o.flightYaw, 2)],
    ['drone-dji:FlightPitchDegree', '+0.00'],
    ['drone-dji:UTCAtExposure', o.capturedAt.replace(/-/g, ':').replace('T', ' ').replace('Z', '')],
    ['drone-dji:DroneModel', spec.mission.droneModel],
    ['drone-dji:ImageSource', 'WideCamera'],
  ];
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about="DJI Meta Data"',
    '    xmlns:tiff="http://ns.adobe.com/tiff/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/"',
    ...attrs.map(([k, v]) => `    ${k}="${v}"`),
    '  />',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

/** Degrees -> EXIF "d/1 m/1 s*10000/10000" rationals (0.0001" is 3 mm). */
function dms(deg: number): string {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 10000);
  return `${d}/1 ${m}/1 ${s}/10000`;
}

/** The EXIF tags of one photo (pure); DateTimeOriginal is local China time (UTC+8) with its offset, as DJI writes. */
export function poseExif(p: SpecPhoto, spec: MissionSpec): Record<string, Record<string, string>> {
  const local = new Date(Date.parse(p.pose.capturedAt) + 8 * 3600_000).toISOString().slice(0, 19).replace(/-/g, ':').replace('T', ' ');
  return {
    IFD0: { Make: 'DJI', Model: spec.mission.droneModel, Software: 'demo (seeds/demo/inject-poses.ts)', DateTime: local },
    IFD2: {
      DateTimeOriginal: local,
      CreateDate: local,
      OffsetTimeOriginal: '+08:00',
      FocalLength: `${Math.round(spec.mission.focalLength * 100)}/100`,
      FocalLengthIn35mmFilm: String(spec.mission.focal35),
    },
    IFD3: {
      GPSVersionID: '2 3 0 0',
      GPSLatitudeRef: p.pose.lat >= 0 ? 'N' : 'S',
      GPSLatitude: dms(p.pose.lat),
      GPSLongitudeRef: p.pose.lon >= 0 ? 'E' : 'W',
      GPSLongitude: dms(p.pose.lon),
      GPSAltitudeRef: '0',
      GPSAltitude: `${Math.round(p.pose.absAlt * 1000)}/1000`,
      GPSMapDatum: 'WGS-84',
    },
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { in: { type: 'string' }, out: { type: 'string' } } });
  if (!values.in) throw new Error('usage: inject-poses.ts --in RENDER_DIR [--out DIR]');
  const out = values.out ?? path.join(import.meta.dirname, 'photos');
  const spec = JSON.parse(readFileSync(path.join(import.meta.dirname, 'mission-spec.json'), 'utf8')) as MissionSpec;
  mkdirSync(out, { recursive: true });
  for (const p of spec.photos) {
    const bytes = await sharp(readFileSync(path.join(values.in, p.file)))
      .withExif(poseExif(p, spec))
      .withXmp(poseXmp(p, spec))
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer();
    writeFileSync(path.join(out, p.file), bytes);
    console.log(JSON.stringify({ wrote: p.file, bytes: bytes.length }));
  }
}
