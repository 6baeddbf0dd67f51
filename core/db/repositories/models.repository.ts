/** The model registry in the database: which models exist and which one is active. */
import type { Kysely } from 'kysely';
import type { SpectralBand } from '../../domain.ts';
import { nowIso } from '../json.ts';
import type { Database } from '../schema.ts';

export interface ModelRecord {
  id: string; // name@version
  name: string;
  version: string;
  sha256: string;
  path: string;
  manifest: Record<string, unknown>;
  active: boolean;
  /** The band of photos it serves (its manifest's `band`; visible where the manifest says none). */
  band: SpectralBand;
}

/** A manifest's band: `band: "thermal"` or visible. */
export const bandOfManifest = (manifest: Record<string, unknown>): SpectralBand => (manifest.band === 'thermal' ? 'thermal' : 'visible');

const toRecord = (row: Database['models']): ModelRecord => ({
  id: row.id,
  name: row.name,
  version: row.version,
  sha256: row.sha256,
  path: row.path,
  manifest: JSON.parse(row.manifest) as Record<string, unknown>,
  active: row.active === 1,
  band: row.band === 'thermal' ? 'thermal' : 'visible',
});

export class ModelsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts or refreshes a model found on disk; never changes which one is active. */
  async upsert(model: Omit<ModelRecord, 'active' | 'band'>): Promise<void> {
    const band = bandOfManifest(model.manifest);
    await this.db
      .insertInto('models')
      .values({ id: model.id, name: model.name, version: model.version, sha256: model.sha256, path: model.path, manifest: JSON.stringify(model.manifest), active: 0, created_at: nowIso(), band })
      .onConflict((oc) => oc.column('id').doUpdateSet({ sha256: model.sha256, path: model.path, manifest: JSON.stringify(model.manifest), band }))
      .execute();
  }

  async list(): Promise<ModelRecord[]> {
    return (await this.db.selectFrom('models').selectAll().orderBy('name').orderBy('version').execute()).map(toRecord);
  }

  async get(id: string): Promise<ModelRecord | null> {
    const row = await this.db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** The active model of a band (default: visible). */
  async active(band: SpectralBand = 'visible'): Promise<ModelRecord | null> {
    const row = await this.db.selectFrom('models').selectAll().where('active', '=', 1).where('band', '=', band).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /**
   * Switches the active model of the model's band in one transaction (the other band's stays); workers
   * read it per job, so no restart is needed.
   */
  async activate(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('models').select('band').where('id', '=', id).executeTakeFirst();
      if (!row) return;
      await trx.updateTable('models').set({ active: 0 }).where('active', '=', 1).where('band', '=', row.band).execute();
      await trx.updateTable('models').set({ active: 1 }).where('id', '=', id).execute();
    });
  }
}
