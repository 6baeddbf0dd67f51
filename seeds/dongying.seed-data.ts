/**
 * The Dongying demo seeds as plain data, read from the committed files in seeds/data/ (made by
 * seeds/demo/convert-districts.ts and seeds/demo/make-seed-data.ts). Every record has a stable id, so a
 * seeder that upserts by id is idempotent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Rule, Zone } from '../core/pipeline/geofence/zone.types.ts';
import { validateZones } from '../core/pipeline/geofence/zones.validate.ts';

export interface Department {
  id: string;
  name: string;
  nameEn: string;
  parentId: string | null;
  /** The district it serves; null for city-wide bodies. */
  districtId: string | null;
}

export interface Enterprise {
  id: string;
  name: string;
  districtId: string;
  parkId: string | null;
  /** The `enterprise` zone that is its parcel. */
  parcelZoneId: string;
  supervisingDepartmentId: string;
  gridOfficer: { name: string; phone: string };
  address: string;
  /** Always true here: demo enterprises are invented. */
  fictional: boolean;
}

export interface Dock {
  id: string;
  name: string;
  lat: number;
  lon: number;
  droneModel: string;
  dockModel: string;
  districtId: string;
}

export interface SeedData {
  /** The five districts (also included in `zones`). */
  districts: Zone[];
  /** Every zone, districts and enterprise parcels included, validated and normalised (corridors buffered). */
  zones: Zone[];
  departments: Department[];
  enterprises: Enterprise[];
  rules: Rule[];
  docks: Dock[];
}

const DATA = path.join(import.meta.dirname, 'data');
const read = <T>(file: string): T => JSON.parse(readFileSync(path.join(DATA, file), 'utf8')) as T;

/** Loads and validates the seeds (throws BadInputError if a zone is invalid). */
export function loadSeedData(): SeedData {
  const districts = validateZones(read('districts.geojson'));
  const others = validateZones(read('zones.geojson'));
  return {
    districts,
    zones: [...districts, ...others],
    departments: read<Department[]>('departments.json'),
    enterprises: read<Enterprise[]>('enterprises.json'),
    rules: read<Rule[]>('rules.json'),
    docks: read<Dock[]>('docks.json'),
  };
}
