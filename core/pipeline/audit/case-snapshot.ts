/**
 * What the audit trail records of a case: the fields an enforcement decision rests on, not the
 * bookkeeping (updated_at, alerted_at). The same function writes an entry's `after` and, at verification,
 * reads the case as it stands now, so a case edited behind the audit trail no longer matches its last entry.
 */
export interface SnapshotSource {
  status: string;
  severity: string;
  assignee: string | null;
  dueAt: string | null;
  departmentId: string | null;
  sightings: number;
  reopenCount?: number | null;
}

export type CaseSnapshot = ReturnType<typeof caseSnapshot>;

export function caseSnapshot(c: SnapshotSource) {
  return { status: c.status, severity: c.severity, assignee: c.assignee ?? null, dueAt: c.dueAt ?? null, departmentId: c.departmentId ?? null, sightings: c.sightings, reopenCount: c.reopenCount ?? 0 };
}
