/**
 * How a case is named to people: its case number (DY-2026-000123) where the server gives one, never
 * the UUID; a case from before case numbers shows the head of its id, enough to tell cases apart.
 */
export function caseLabel(c: { id: string; caseNo?: string | null }): string {
  if (c.caseNo) return c.caseNo;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(c.id) ? `#${c.id.slice(0, 8)}` : c.id;
}
