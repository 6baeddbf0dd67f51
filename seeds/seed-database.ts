/**
 * Writes the Dongying seeds into the database. Every write is an upsert by stable id, so running it
 * again (npm run seed) changes nothing that is already there and restores what was deleted.
 */
import type { Services } from '../core/services.ts';
import { loadSeedData } from './dongying.seed-data.ts';

export async function seedDatabase(s: Services): Promise<{ zones: number; departments: number; enterprises: number; rules: number; docks: number }> {
  const data = loadSeedData();
  for (const d of data.departments) {
    const district = d.districtId ? (data.districts.find((z) => z.id === d.districtId)?.properties.name ?? null) : null;
    await s.geo.upsertDepartment({ id: d.id, name: d.name, nameEn: d.nameEn, district });
  }
  for (const e of data.enterprises) {
    await s.geo.upsertEnterprise({
      id: e.id,
      name: e.name,
      departmentId: e.supervisingDepartmentId,
      gridOfficer: `${e.gridOfficer.name} ${e.gridOfficer.phone}`,
      district: data.districts.find((z) => z.id === e.districtId)?.properties.name ?? null,
      address: e.address,
    });
  }
  await s.geo.upsertZones(data.zones);
  for (const rule of data.rules) await s.geo.upsertRule(rule);
  for (const d of data.docks) await s.geo.upsertDock({ id: d.id, name: d.name, lat: d.lat, lon: d.lon, droneModel: d.droneModel });
  return { zones: data.zones.length, departments: data.departments.length, enterprises: data.enterprises.length, rules: data.rules.length, docks: data.docks.length };
}
