/**
 * DJI WPML (`wpmz/waylines.wpml`): the route the aircraft actually executes, as planned waypoints plus
 * the mission settings. Read with fast-xml-parser with namespace prefixes removed, so any WPML version
 * (1.0.2 ... 1.0.6 namespace addresses) reads the same.
 */
import { XMLParser } from 'fast-xml-parser';
import { BadInputError } from '../../errors.ts';

/** One planned waypoint. Height is in the wayline's executeHeightMode (WGS84 ellipsoid, EGM96 or relative to take-off). */
export interface WaylineWaypoint {
  index: number;
  lat: number;
  lon: number;
  height: number | null;
  speed: number | null;
  headingMode: string | null;
  /** The first gimbal pitch an action at this waypoint sets, degrees. */
  gimbalPitch: number | null;
  /** Action function names in order (takePhoto, gimbalRotate, orientedShoot, ...). */
  actions: string[];
}

/** The planned route and its mission settings. */
export interface Wayline {
  /** WPML namespace address, which carries the version (http://www.dji.com/wpmz/1.0.6). */
  wpmlNamespace: string | null;
  mission: {
    flyToWaylineMode: string | null;
    finishAction: string | null;
    takeOffSecurityHeight: number | null;
    globalTransitionalSpeed: number | null;
    droneEnumValue: number | null;
    droneSubEnumValue: number | null;
    payloadEnumValue: number | null;
    payloadSubEnumValue: number | null;
  };
  /** executeHeightMode of the first wayline (WGS84, EGM96, relativeToStartPoint, ...). */
  executeHeightMode: string | null;
  autoFlightSpeed: number | null;
  /** All waypoints of all waylines in file order. */
  waypoints: WaylineWaypoint[];
}

type Node = Record<string, unknown>;
const ARRAYS = new Set(['Folder', 'Placemark', 'actionGroup', 'action']);
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => ARRAYS.has(name) });

const obj = (v: unknown): Node => (typeof v === 'object' && v !== null ? (v as Node) : {});
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(obj) : v === undefined ? [] : [obj(v)]);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => {
  const t = text(v);
  const n = t === null ? NaN : Number(t);
  return Number.isFinite(n) ? n : null;
};

/**
 * Parses waylines.wpml text.
 * @throws BadInputError `unreadable_wayline` when it is not WPML or has no waypoint with coordinates
 */
export function parseWpml(xml: string): Wayline {
  let doc: Node;
  try {
    doc = obj(parser.parse(xml, true));
  } catch (err) {
    throw new BadInputError('unreadable_wayline', `the wayline is not well-formed XML: ${(err as Error).message}`);
  }
  const kml = obj(doc.kml);
  const d = obj(kml.Document);
  const mc = obj(d.missionConfig);
  const folders = list(d.Folder);
  const waypoints = folders.flatMap((f) => list(f.Placemark).map(toWaypoint).filter((w) => w !== null));
  if (waypoints.length === 0) throw new BadInputError('unreadable_wayline', 'the file has no WPML waypoints (kml > Document > Folder > Placemark with coordinates)');
  return {
    // removeNSPrefix drops xmlns attributes, so the address is read from the text.
    wpmlNamespace: /xmlns:wpml\s*=\s*["']([^"']+)["']/.exec(xml)?.[1] ?? null,
    mission: {
      flyToWaylineMode: text(mc.flyToWaylineMode),
      finishAction: text(mc.finishAction),
      takeOffSecurityHeight: num(mc.takeOffSecurityHeight),
      globalTransitionalSpeed: num(mc.globalTransitionalSpeed),
      droneEnumValue: num(obj(mc.droneInfo).droneEnumValue),
      droneSubEnumValue: num(obj(mc.droneInfo).droneSubEnumValue),
      payloadEnumValue: num(obj(mc.payloadInfo).payloadEnumValue),
      payloadSubEnumValue: num(obj(mc.payloadInfo).payloadSubEnumValue),
    },
    executeHeightMode: text(folders[0]?.executeHeightMode),
    autoFlightSpeed: num(folders[0]?.autoFlightSpeed),
    waypoints,
  };
}

function toWaypoint(p: Node, i: number): WaylineWaypoint | null {
  const coords = text(obj(p.Point).coordinates);
  const [lon, lat] = (coords ?? '').split(',').map((s) => Number(s.trim()));
  if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  const actions = list(p.actionGroup).flatMap((g) => list(g.action));
  const pitch = actions.map((a) => num(obj(a.actionActuatorFuncParam).gimbalPitchRotateAngle)).find((v) => v !== null);
  return {
    index: num(p.index) ?? i,
    lat,
    lon,
    height: num(p.executeHeight) ?? num(p.height),
    speed: num(p.waypointSpeed),
    headingMode: text(obj(p.waypointHeadingParam).waypointHeadingMode),
    gimbalPitch: pitch ?? null,
    actions: actions.map((a) => text(a.actionActuatorFunc)).filter((s) => s !== null),
  };
}
