/**
 * Registers the models found on disk in the database and makes sure one is active: ACTIVE_MODEL when set,
 * else the one already active, else the newest shipped. An invalid manifest is logged and skipped.
 */
import type { Services } from '../core/services.ts';
import { findModel, listModels } from './inference/model-registry.ts';

export async function registerModels(s: Services): Promise<void> {
  const found = listModels(s.config.MODELS_DIR, {
    onInvalid: (manifestPath, error) => s.log.error({ manifestPath, err: error.message }, 'model skipped: invalid manifest'),
  });
  for (const info of found) {
    await s.models.upsert({ id: info.id, name: info.name, version: info.version, sha256: info.sha256, path: info.manifestPath, manifest: info.manifest as unknown as Record<string, unknown> });
  }
  const wanted = s.config.ACTIVE_MODEL ? findModel(found, s.config.ACTIVE_MODEL) : undefined;
  if (s.config.ACTIVE_MODEL && !wanted) s.log.error(`ACTIVE_MODEL=${s.config.ACTIVE_MODEL} is not among the models found in ${s.config.MODELS_DIR}`);
  const active = await s.models.active();
  const pick = wanted ?? (active ? undefined : findModel(found));
  if (pick && pick.id !== active?.id) await s.models.activate(pick.id);
  // A newer version is never switched on behind the officers' backs (it changes what gets flagged);
  // say that it is there and how to take it.
  const newest = active && !wanted ? findModel(found, active.name) : undefined;
  if (active && newest && newest.id !== active.id) {
    s.log.info(`model ${newest.id} is available; ${active.id} stays active until an admin calls POST /api/v1/models/${newest.id}/activate (or set ACTIVE_MODEL)`);
  }
  if (found.length === 0) s.log.warn(`no model found under ${s.config.MODELS_DIR}: photos are ingested and placed, but nothing is detected`);
}
