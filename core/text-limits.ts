/**
 * One set of lengths for every text a client sends, so no field is left without one (a 10 MB note on an
 * enterprise visit went into the audit chain). The API's zod helpers (api/text-fields.ts) and the zone
 * validator use these.
 */
export const TEXT_LIMITS = {
  /** Ids and keys: row ids, class names, department ids. */
  id: 200,
  /** Names shown in lists and on the map: missions, zones, assignees, violations. */
  name: 200,
  /** Free text an officer writes: notes, reasons. */
  note: 2000,
  /** URLs (webhooks). */
  url: 2048,
  /** Secrets (webhook signing keys). */
  secret: 512,
  /** Items in one list field (case ids of a visit, attachment ids). */
  listItems: 200,
} as const;
