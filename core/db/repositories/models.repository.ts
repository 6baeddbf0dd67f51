/** The model registry in the database: which models exist and which one is active. */
import type { Kysely } from 'kysely';
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
}

const toRecord = (row: Database['models']): ModelRecord => ({
  id: row.id,
  name: row.name,
  version: row.version,
  sha256: row.sha256,
  path: row.path,
  manifest: JSON.parse(row.manifest) as Record<string, unknown>,
  active: row.active === 1,
});

export class ModelsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts or refreshes a model found on disk; never changes which one is active. */
  async upsert(model: Omit<ModelRecord, 'active'>): Promise<void> {
    await this.db
      .insertInto('models')
      .values({ id: model.id, name: model.name, version: model.version, sha256: model.sha256, path: model.path, manifest: JSON.stringify(model.manifest), active: 0, created_at: nowIso() })
      .onConflict((oc) => oc.column('id').doUpdateSet({ sha256: model.sha256, path: model.path, manifest: JSON.stringify(model.manifest) }))
      .execute();
  }

  async list(): Promise<ModelRecord[]> {
    return (await this.db.selectFrom('models').selectAll().orderBy('name').orderBy('version').execute()).map(toRecord);
  }

  async get(id: string): Promise<ModelRecord | null> {
    const row = await this.db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async active(): Promise<ModelRecord | null> {
    const row = await this.db.selectFrom('models').selectAll().where('active', '=', 1).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** Switches the active model in one transaction; workers read it per job, so no restart is needed. */
  async activate(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('models').set({ active: 0 }).where('active', '=', 1).execute();
      await trx.updateTable('models').set({ active: 1 }).where('id', '=', id).execute();
    });
  }
}
