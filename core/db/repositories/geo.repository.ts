/** Zones, enterprises, departments, districts, docks and rules: the geography rules are checked against. */
import type { Kysely } from 'kysely';
import type { ZoneKind } from '../../domain.ts';
import type { Zone, ZoneProperties } from '../../pipeline/geofence/zone.types.ts';
import { nowIso, toJson } from '../json.ts';
import type { Database } from '../schema.ts';

export interface RuleRecord {
  id: string;
  class: string;
  zoneKind: string;
  violation: string;
  severity: string;
  rectificationDays: number;
  alertImmediately: boolean;
}

export interface Department {
  id: string;
  name: string;
  nameEn: string | null;
  district: string | null;
}
export interface Enterprise {
  id: string;
  name: string;
  departmentId: string | null;
  gridOfficer: string | null;
  district: string | null;
  address: string | null;
}
export interface Dock {
  id: string;
  name: string;
  lat: number | null;
  lon: number | null;
  droneModel: string | null;
}

/** Rows hold the validated feature's geometry and properties; the zone comes back as the same Feature. */
const toZone = (row: Database['zones']): Zone => {
  const properties = JSON.parse(row.properties) as ZoneProperties;
  return { type: 'Feature', id: row.id, geometry: JSON.parse(row.geometry) as Zone['geometry'], properties: { ...properties, id: row.id, kind: row.kind as ZoneKind, name: row.name } };
};

const toEnterprise = (r: Database['enterprises']): Enterprise => ({
  id: r.id,
  name: r.name,
  departmentId: r.department_id,
  gridOfficer: r.grid_officer,
  district: r.district,
  address: r.address,
});

const toRule = (row: Database['rules']): RuleRecord => ({
  id: row.id,
  class: row.class,
  zoneKind: row.zone_kind,
  violation: row.violation,
  severity: row.severity,
  rectificationDays: row.rectification_days,
  alertImmediately: row.alert_immediately === 1,
});

export class GeoRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async zones(kind?: string): Promise<Zone[]> {
    let query = this.db.selectFrom('zones').selectAll();
    if (kind) query = query.where('kind', '=', kind);
    return (await query.orderBy('kind').orderBy('name').execute()).map(toZone);
  }

  /** Upserts validated zones by id (seeding and imports are idempotent). */
  async upsertZones(zones: readonly Zone[]): Promise<void> {
    const at = nowIso();
    for (const zone of zones) {
      const p = zone.properties;
      const row = {
        id: zone.id,
        kind: p.kind,
        name: p.name,
        geometry: toJson(zone.geometry),
        source_geometry: p.centerline ? toJson(p.centerline) : null,
        properties: toJson(p),
        enterprise_id: p.enterpriseId ?? null,
        department_id: p.departmentId ?? null,
        patrol_interval_days: p.patrolIntervalDays ?? null,
        updated_at: at,
      };
      const { id: _id, ...update } = row;
      await this.db.insertInto('zones').values(row).onConflict((oc) => oc.column('id').doUpdateSet(update)).execute();
    }
  }

  /** A version stamp of the zone table: the cached spatial index is rebuilt when it changes. */
  async zonesVersion(): Promise<string> {
    const row = await this.db
      .selectFrom('zones')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('updated_at').as('latest')])
      .executeTakeFirstOrThrow();
    return `${Number(row.n)}@${row.latest ?? ''}`;
  }

  async rules(): Promise<RuleRecord[]> {
    return (await this.db.selectFrom('rules').selectAll().orderBy('class').orderBy('zone_kind').execute()).map(toRule);
  }

  async upsertRule(rule: RuleRecord): Promise<void> {
    const row = {
      id: rule.id,
      class: rule.class,
      zone_kind: rule.zoneKind,
      violation: rule.violation,
      severity: rule.severity,
      rectification_days: rule.rectificationDays,
      alert_immediately: rule.alertImmediately ? 1 : 0,
      updated_at: nowIso(),
    };
    const { id: _id, class: _c, zone_kind: _z, ...update } = row;
    await this.db.insertInto('rules').values(row).onConflict((oc) => oc.columns(['class', 'zone_kind']).doUpdateSet(update)).execute();
  }

  async departments(): Promise<Department[]> {
    const rows = await this.db.selectFrom('departments').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, district: r.district }));
  }

  async upsertDepartment(d: Department): Promise<void> {
    await this.db
      .insertInto('departments')
      .values({ id: d.id, name: d.name, name_en: d.nameEn, district: d.district })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: d.name, name_en: d.nameEn, district: d.district }))
      .execute();
  }

  async enterprises(): Promise<Enterprise[]> {
    return (await this.db.selectFrom('enterprises').selectAll().orderBy('id').execute()).map(toEnterprise);
  }

  async enterprise(id: string): Promise<Enterprise | null> {
    const row = await this.db.selectFrom('enterprises').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEnterprise(row) : null;
  }

  async upsertEnterprise(e: Enterprise): Promise<void> {
    const update = { name: e.name, department_id: e.departmentId, grid_officer: e.gridOfficer, district: e.district, address: e.address };
    await this.db.insertInto('enterprises').values({ id: e.id, ...update }).onConflict((oc) => oc.column('id').doUpdateSet(update)).execute();
  }

  async docks(): Promise<Dock[]> {
    const rows = await this.db.selectFrom('docks').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, lat: r.lat, lon: r.lon, droneModel: r.drone_model }));
  }

  async upsertDock(d: Dock): Promise<void> {
    const update = { name: d.name, lat: d.lat, lon: d.lon, drone_model: d.droneModel };
    await this.db.insertInto('docks').values({ id: d.id, ...update }).onConflict((oc) => oc.column('id').doUpdateSet(update)).execute();
  }

  /** Removes a department nothing refers to; returns what still refers to it otherwise (nothing removed). */
  async removeDepartment(id: string): Promise<{ removed: boolean; usedBy: string[] }> {
    const usedBy: string[] = [];
    for (const table of ['users', 'enterprises', 'zones', 'cases', 'findings'] as const) {
      const row = await this.db.selectFrom(table).select('department_id').where('department_id', '=', id).executeTakeFirst();
      if (row) usedBy.push(table);
    }
    if (usedBy.length > 0) return { removed: false, usedBy };
    const result = await this.db.deleteFrom('departments').where('id', '=', id).executeTakeFirst();
    return { removed: Number(result.numDeletedRows) > 0, usedBy };
  }

  /** Removes a dock no mission or account refers to (the same shape as removeDepartment). */
  async removeDock(id: string): Promise<{ removed: boolean; usedBy: string[] }> {
    const usedBy: string[] = [];
    for (const table of ['missions', 'users'] as const) {
      const row = await this.db.selectFrom(table).select('dock_id').where('dock_id', '=', id).executeTakeFirst();
      if (row) usedBy.push(table);
    }
    if (usedBy.length > 0) return { removed: false, usedBy };
    const result = await this.db.deleteFrom('docks').where('id', '=', id).executeTakeFirst();
    return { removed: Number(result.numDeletedRows) > 0, usedBy };
  }
}
