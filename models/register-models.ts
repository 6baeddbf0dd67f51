/**
 * Registers the models found on disk (and uploaded ones, under $DATA_DIR/models) in the database and makes
 * sure each band with a model has one active: the one named in ACTIVE_MODEL (one per band, comma-separated)
 * when set, else the one already active, else the newest shipped. An invalid manifest is logged and skipped.
 */
import path from 'node:path';
import { SPECTRAL_BANDS } from '../core/domain.ts';
import type { Services } from '../core/services.ts';
import { findModel, listModels } from './inference/model-registry.ts';

/** Where uploaded models are kept (<name>/<version>/ like the shipped ones). */
export const uploadedModelsDir = (dataDir: string): string => path.join(dataDir, 'models');

export async function registerModels(s: Services): Promise<void> {
  const found = listModels(s.config.MODELS_DIR, {
    extraDirs: [uploadedModelsDir(s.config.DATA_DIR)],
    onInvalid: (manifestPath, error) => s.log.error({ manifestPath, err: error.message }, 'model skipped: invalid manifest'),
  });
  for (const info of found) {
    await s.models.upsert({ id: info.id, name: info.name, version: info.version, sha256: info.sha256, path: info.manifestPath, manifest: info.manifest as unknown as Record<string, unknown> });
  }
  const specs = (s.config.ACTIVE_MODEL ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const wantedAll = specs.map((spec) => {
    const m = findModel(found, spec);
    if (!m) s.log.error(`ACTIVE_MODEL=${spec} is not among the models found in ${s.config.MODELS_DIR}`);
    return m;
  });
  for (const band of SPECTRAL_BANDS) {
    const ofBand = found.filter((m) => m.manifest.band === band);
    if (ofBand.length === 0) continue;
    const wanted = wantedAll.find((m) => m?.manifest.band === band);
    const active = await s.models.active(band);
    const pick = wanted ?? (active ? undefined : findModel(ofBand, undefined, band));
    if (pick && pick.id !== active?.id) await s.models.activate(pick.id);
    // A newer version is never switched on behind the officers' backs (it changes what gets flagged);
    // say that it is there and how to take it.
    const newest = active && !wanted ? findModel(found, active.name) : undefined;
    if (active && newest && newest.id !== active.id) {
      s.log.info(`model ${newest.id} is available; ${active.id} stays active until an admin calls POST /api/v1/models/${newest.id}/activate (or set ACTIVE_MODEL)`);
    }
  }
  if (found.length === 0) s.log.warn(`no model found under ${s.config.MODELS_DIR}: photos are ingested and placed, but nothing is detected`);
}
