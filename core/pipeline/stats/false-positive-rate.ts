/**
 * How often each model version is wrong, per hazard class, judged by the officers' decisions: a case
 * dismissed as a false alarm counts against the model, a confirmed one for it, an undecided one not at all.
 */
import type { CaseStatsRow } from './case-stats.ts';

export interface FalsePositiveRate {
  class: string;
  modelVersion: string;
  dismissed: number;
  confirmed: number;
  /** dismissed + confirmed */
  decided: number;
  /** dismissed / decided (1 - precision as the officers see it); null before any decision. */
  falsePositiveRate: number | null;
}

/** The key of rows whose model version is unknown. */
export const UNKNOWN_MODEL = '(unknown)';

/** One line per (class, modelVersion) seen, sorted by class then model version. */
export function falsePositiveRateByModel(rows: readonly CaseStatsRow[]): FalsePositiveRate[] {
  const acc = new Map<string, FalsePositiveRate>();
  for (const row of rows) {
    const modelVersion = row.modelVersion || UNKNOWN_MODEL;
    const key = JSON.stringify([row.class, modelVersion]);
    let r = acc.get(key);
    if (!r) acc.set(key, (r = { class: row.class, modelVersion, dismissed: 0, confirmed: 0, decided: 0, falsePositiveRate: null }));
    // Same tests as the case statistics: a dismissal counts while the case stays dismissed.
    if (row.status === 'dismissed' && row.dismissedAt) r.dismissed++;
    else if (row.confirmedAt) r.confirmed++;
  }
  return [...acc.values()]
    .map((r) => {
      const decided = r.dismissed + r.confirmed;
      return { ...r, decided, falsePositiveRate: decided ? r.dismissed / decided : null };
    })
    .sort((a, b) => (a.class < b.class ? -1 : a.class > b.class ? 1 : a.modelVersion < b.modelVersion ? -1 : a.modelVersion > b.modelVersion ? 1 : 0));
}

/** A decision as the statistics need it (case_decisions). */
export interface DecisionRow {
  action: string;
  class: string;
  modelId: string | null;
}

/**
 * The same table from every decision ever made: each dismissal counts against the model and each
 * confirmation for it, including those of a case later reopened (a reopening overwrites no decision).
 */
export function falsePositiveRateFromDecisions(decisions: readonly DecisionRow[]): FalsePositiveRate[] {
  const acc = new Map<string, FalsePositiveRate>();
  for (const d of decisions) {
    if (d.action !== 'dismiss' && d.action !== 'confirm') continue;
    const modelVersion = d.modelId || UNKNOWN_MODEL;
    const key = JSON.stringify([d.class, modelVersion]);
    let r = acc.get(key);
    if (!r) acc.set(key, (r = { class: d.class, modelVersion, dismissed: 0, confirmed: 0, decided: 0, falsePositiveRate: null }));
    if (d.action === 'dismiss') r.dismissed++;
    else r.confirmed++;
  }
  return [...acc.values()]
    .map((r) => {
      const decided = r.dismissed + r.confirmed;
      return { ...r, decided, falsePositiveRate: decided ? r.dismissed / decided : null };
    })
    .sort((a, b) => (a.class < b.class ? -1 : a.class > b.class ? 1 : a.modelVersion < b.modelVersion ? -1 : a.modelVersion > b.modelVersion ? 1 : 0));
}
