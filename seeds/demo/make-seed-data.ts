/**
 * Writes the Dongying demo seeds into seeds/data/: zones.geojson (chemical parks, enterprise parcels,
 * pipeline corridors, no-fly, no-build, key sites), departments.json, enterprises.json, docks.json.
 * Districts come from convert-districts.ts. Places are approximate: the parks sit where the real ones are
 * (to within a few km), their outlines are plausible shapes, not surveyed boundaries. Every enterprise,
 * officer and phone number is fictional and marked （演示）.
 *   npx tsx seeds/demo/make-seed-data.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, Polygon, Position } from 'geojson';
import { localFrame } from '../../core/pipeline/camera/local-frame.geo.ts';
import type { ZoneKind } from '../../core/domain.ts';

/** A chamfered, rotated rectangle (8 vertices) of half-sizes hw x hh metres around a centre: a plausible outline. */
export function outline(lon: number, lat: number, hw: number, hh: number, rotDeg = 0, chamfer = 0.25): Polygon {
  const f = localFrame(lon, lat);
  const cw = hw * chamfer;
  const ch = hh * chamfer;
  const pts: [number, number][] = [[-hw + cw, -hh], [hw - cw, -hh], [hw, -hh + ch], [hw, hh - ch], [hw - cw, hh], [-hw + cw, hh], [-hw, hh - ch], [-hw, -hh + ch]];
  const r = (rotDeg * Math.PI) / 180;
  const ring: Position[] = pts.map(([x, y]) => f.toLonLat(x * Math.cos(r) - y * Math.sin(r), x * Math.sin(r) + y * Math.cos(r)).map((v) => Number(v.toFixed(6))));
  ring.push([...ring[0]!]);
  return { type: 'Polygon', coordinates: [ring] };
}

type Props = Record<string, unknown> & { kind: ZoneKind; name: string };
const zone = (id: string, props: Props, geometry: Feature['geometry']): Feature => ({ type: 'Feature', id, properties: { id, ...props }, geometry });

export const departments = [
  { id: 'dept-city-yjj', name: '东营市应急管理局', nameEn: 'Dongying Emergency Management Bureau', parentId: null, districtId: null },
  { id: 'dept-370502-yjj', name: '东营区应急管理局', nameEn: 'Dongying District Emergency Management Bureau', parentId: 'dept-city-yjj', districtId: 'district-370502' },
  { id: 'dept-370503-yjj', name: '河口区应急管理局', nameEn: 'Hekou District Emergency Management Bureau', parentId: 'dept-city-yjj', districtId: 'district-370503' },
  { id: 'dept-370505-yjj', name: '垦利区应急管理局', nameEn: 'Kenli District Emergency Management Bureau', parentId: 'dept-city-yjj', districtId: 'district-370505' },
  { id: 'dept-370522-yjj', name: '利津县应急管理局', nameEn: 'Lijin County Emergency Management Bureau', parentId: 'dept-city-yjj', districtId: 'district-370522' },
  { id: 'dept-370523-yjj', name: '广饶县应急管理局', nameEn: 'Guangrao County Emergency Management Bureau', parentId: 'dept-city-yjj', districtId: 'district-370523' },
  { id: 'dept-port-ajj', name: '东营港经济开发区安全生产监督管理局', nameEn: 'Dongying Port EDZ Work Safety Bureau', parentId: 'dept-city-yjj', districtId: 'district-370503' },
  { id: 'dept-dyedz-ajj', name: '东营经济技术开发区安全生产监督管理局', nameEn: 'Dongying ETDZ Work Safety Bureau', parentId: 'dept-city-yjj', districtId: 'district-370502' },
  { id: 'dept-city-zjj', name: '东营市住房和城乡建设局', nameEn: 'Dongying Housing and Urban-Rural Development Bureau', parentId: null, districtId: null },
  { id: 'dept-city-zrzy', name: '东营市自然资源和规划局', nameEn: 'Dongying Natural Resources and Planning Bureau', parentId: null, districtId: null },
  { id: 'dept-city-fgw', name: '东营市发展和改革委员会（油气管道保护）', nameEn: 'Dongying Development and Reform Commission (oil and gas pipeline protection)', parentId: null, districtId: null },
];

/** Chemical parks: [id, name, nameEn, district, department, lon, lat, half-width m, half-height m, rotation]. */
const PARKS: [string, string, string, string, string, number, number, number, number, number][] = [
  ['park-dyport', '东营港经济开发区化工园区', 'Dongying Port EDZ chemical park', 'district-370503', 'dept-port-ajj', 118.94, 38.05, 3000, 2500, 10],
  ['park-kenli', '垦利经济开发区化工产业园', 'Kenli chemical park', 'district-370505', 'dept-370505-yjj', 118.6, 37.595, 1800, 1400, -5],
  ['park-lijin', '利津经济开发区化工产业园', 'Lijin chemical park', 'district-370522', 'dept-370522-yjj', 118.28, 37.53, 1500, 1200, 0],
  ['park-guangrao', '广饶经济开发区化工园区', 'Guangrao EDZ chemical park', 'district-370523', 'dept-370523-yjj', 118.47, 37.04, 2000, 1500, 15],
  ['park-dawang', '大王经济开发区化工园区', 'Dawang chemical park (Guangrao)', 'district-370523', 'dept-370523-yjj', 118.4, 37.1, 1600, 1300, -10],
  ['park-dyedz', '东营经济技术开发区化工产业园', 'Dongying ETDZ chemical park', 'district-370502', 'dept-dyedz-ajj', 118.64, 37.44, 1800, 1300, 0],
];

/** Fictional enterprises: [id, name, park, lon, lat, half-w, half-h, grid officer]. */
const ENTERPRISES: [string, string, string, number, number, number, number, string][] = [
  ['ent-demo-01', '示范化工有限公司（演示）', 'park-dyport', 118.944, 38.052, 220, 160, '张网格（演示）'],
  ['ent-demo-02', '滨海示范石化有限公司（演示）', 'park-dyport', 118.962, 38.046, 260, 200, '李网格（演示）'],
  ['ent-demo-03', '港城示范新材料有限公司（演示）', 'park-dyport', 118.93, 38.04, 180, 150, '王网格（演示）'],
  ['ent-demo-04', '黄河口示范精细化工有限公司（演示）', 'park-kenli', 118.602, 37.597, 200, 150, '赵网格（演示）'],
  ['ent-demo-05', '利津示范化学有限公司（演示）', 'park-lijin', 118.281, 37.531, 180, 140, '孙网格（演示）'],
  ['ent-demo-06', '广饶示范橡胶化工有限公司（演示）', 'park-guangrao', 118.472, 37.041, 220, 180, '周网格（演示）'],
  ['ent-demo-07', '大王示范造纸化工有限公司（演示）', 'park-dawang', 118.401, 37.101, 200, 160, '吴网格（演示）'],
  ['ent-demo-08', '开发区示范化工科技有限公司（演示）', 'park-dyedz', 118.641, 37.441, 190, 150, '郑网格（演示）'],
];

export function buildSeedData() {
  const parkById = new Map(PARKS.map((p) => [p[0], p]));
  const zones: Feature[] = [];
  for (const [id, name, nameEn, districtId, departmentId, lon, lat, hw, hh, rot] of PARKS) {
    zones.push(zone(id, { kind: 'chemical-park', name, nameEn, districtId, departmentId, patrolIntervalDays: 7 }, outline(lon, lat, hw, hh, rot)));
  }
  const enterprises = ENTERPRISES.map(([id, name, parkId, lon, lat, hw, hh, officer], i) => {
    const park = parkById.get(parkId)!;
    const parcelZoneId = `zone-${id}`;
    zones.push(zone(parcelZoneId, { kind: 'enterprise', name, enterpriseId: id, districtId: park[3], departmentId: park[4], parkId, patrolIntervalDays: 7 }, outline(lon, lat, hw, hh, park[9])));
    return {
      id,
      name,
      districtId: park[3],
      parkId,
      parcelZoneId,
      supervisingDepartmentId: park[4],
      gridOfficer: { name: officer, phone: `138-0000-${String(1001 + i).padStart(4, '0')}` },
      address: `${park[1]}（演示地址）`,
      fictional: true,
    };
  });

  // Pipeline corridors: centre lines with a 50 m protection buffer on each side.
  const corridors: [string, string, string, Position[]][] = [
    ['corridor-port-hekou', '东营港—河口输油管道（演示）', 'district-370503', [[118.985, 38.03], [118.955, 38.032], [118.93, 38.025], [118.85, 37.99], [118.7, 37.93], [118.56, 37.89]]],
    ['corridor-kenli-dongying', '垦利—东营输气管道（演示）', 'district-370505', [[118.6, 37.58], [118.62, 37.52], [118.64, 37.46], [118.64, 37.445]]],
    ['corridor-guangrao', '广饶—大王输油管道（演示）', 'district-370523', [[118.47, 37.05], [118.44, 37.075], [118.405, 37.095]]],
  ];
  for (const [id, name, districtId, coordinates] of corridors) {
    zones.push(zone(id, { kind: 'pipeline-corridor', name, districtId, departmentId: 'dept-city-fgw', bufferM: 50 }, { type: 'LineString', coordinates }));
  }

  // Shengli airport (胜利机场), about 37.509 N 118.788 E: a 5 km no-fly circle.
  zones.push(zone('nofly-shengli-airport', { kind: 'no-fly', name: '东营胜利机场净空保护区', nameEn: 'Dongying Shengli airport', districtId: 'district-370505', radiusM: 5000 }, { type: 'Point', coordinates: [118.788, 37.509] }));

  // No-build: a safety belt south of the port park, and one beside the Kenli park.
  zones.push(zone('nobuild-port-belt', { kind: 'no-build', name: '东营港化工园区安全防护带（禁建区）', districtId: 'district-370503', departmentId: 'dept-city-zrzy' }, outline(118.9455, 38.0252, 1400, 260, 10, 0.1)));
  zones.push(zone('nobuild-kenli-belt', { kind: 'no-build', name: '垦利化工产业园防护绿地（禁建区）', districtId: 'district-370505', departmentId: 'dept-city-zrzy' }, outline(118.6, 37.578, 1200, 200, -5, 0.1)));

  // Key sites: a hazardous-goods truck park and a tank farm.
  zones.push(zone('keysite-port-truckpark', { kind: 'key-site', name: '东营港危化品车辆专用停车场（演示）', districtId: 'district-370503', departmentId: 'dept-port-ajj', patrolIntervalDays: 7 }, outline(118.958, 38.062, 200, 150, 10)));
  zones.push(zone('keysite-dyedz-tanks', { kind: 'key-site', name: '开发区危化品储罐区（演示）', districtId: 'district-370502', departmentId: 'dept-dyedz-ajj', patrolIntervalDays: 7 }, outline(118.652, 37.436, 250, 180, 0)));

  const docks = [
    { id: 'dock-dyport-01', name: '东营港1号机场（演示）', lat: 38.046, lon: 118.951, droneModel: 'M4TD', dockModel: 'DJI Dock 3', districtId: 'district-370503' },
    { id: 'dock-kenli-01', name: '垦利化工园机场（演示）', lat: 37.594, lon: 118.598, droneModel: 'M3TD', dockModel: 'DJI Dock 2', districtId: 'district-370505' },
    { id: 'dock-guangrao-01', name: '广饶开发区机场（演示）', lat: 37.042, lon: 118.468, droneModel: 'M30T', dockModel: 'DJI Dock', districtId: 'district-370523' },
  ];
  return { zones: { type: 'FeatureCollection', features: zones }, departments, enterprises, docks };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const dir = path.join(import.meta.dirname, '../data');
  const data = buildSeedData();
  for (const [name, value] of Object.entries(data)) {
    const file = path.join(dir, name === 'zones' ? 'zones.geojson' : `${name}.json`);
    writeFileSync(file, JSON.stringify(value, null, name === 'zones' ? 0 : 2) + '\n');
    console.log(JSON.stringify({ wrote: file }));
  }
}
