/**
 * What a run left in its database, with what legitimately differs between two runs taken out: ids,
 * timestamps and hashes are replaced by what they point at (a finding by its photo's file name and box),
 * rows are sorted. Two runs over the same photos must give equal snapshots, crashes or not.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

type Row = Record<string, unknown>;
const round = (v: unknown, digits = 4) => (typeof v === 'number' ? Number(v.toFixed(digits)) : v);
const sorted = <T>(rows: T[]): T[] => rows.map((r) => JSON.stringify(r)).sort().map((s) => JSON.parse(s) as T);

export interface Snapshot {
  images: Row[];
  detections: Row[];
  findings: Row[];
  cases: Row[];
  audit: Row[];
  events: Row[];
}

export function snapshotOf(sqliteFile: string): Snapshot {
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const rows = new Map<string, Row[]>();
    for (const sql of SNAPSHOT_QUERIES) rows.set(sql, db.prepare(sql).all() as Row[]);
    return snapshotFrom((sql) => rows.get(sql)!);
  } finally {
    db.close();
  }
}

/** The same from a PostgreSQL schema. */
export async function snapshotOfPostgres(url: string, schema: string): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const rows = new Map<string, Row[]>();
    for (const sql of SNAPSHOT_QUERIES) rows.set(sql, (await client.query(sql)).rows as Row[]);
    return snapshotFrom((sql) => rows.get(sql)!);
  } finally {
    await client.end();
  }
}

const Q = {
  detectionKeys: 'select d.id, i.filename, d.class, d.bbox from detections d join images i on i.id = d.image_id',
  findingCases: 'select detection_id, case_id from findings',
  images: 'select filename, status, error, size, sha256 from images',
  detections: 'select i.filename, d.model_id, d.class, d.score, d.bbox, d.lat, d.lon, d.size_check, d.decode_scale from detections d join images i on i.id = d.image_id',
  findings: 'select detection_id, class, severity, violation, lat, lon, zones, district, enterprise_id, department_id, model_id, captured_at, case_id from findings',
  cases: 'select id, class, status, severity, violation, district, enterprise_id, department_id, rectification_days, sightings, reopen_count, model_id from cases',
  audit: 'select case_id, actor_role, action, note from audit',
  events: `select type, payload from events where type != 'mission.updated'`,
};
const SNAPSHOT_QUERIES = Object.values(Q);

function snapshotFrom(all: (sql: string) => Row[]): Snapshot {
  const detectionKey = new Map(
    all(Q.detectionKeys).map((r) => [r.id, `${String(r.filename)} ${String(r.class)} ${String(r.bbox)}`]),
  );
  const findingsOfCase = new Map<unknown, string[]>();
  for (const f of all(Q.findingCases)) {
    const list = findingsOfCase.get(f.case_id) ?? [];
    list.push(detectionKey.get(f.detection_id) ?? '?');
    findingsOfCase.set(f.case_id, list.sort());
  }
  // A case is known by the findings it gathered (its id and open time differ between runs).
  const caseKey = (id: unknown) => (findingsOfCase.get(id) ?? []).join(' | ') || `case without findings`;
  return {
    images: sorted(all(Q.images).map((r) => ({ ...r, size: Number(r.size) }))),
    detections: sorted(
      all(Q.detections).map((r) => ({
        ...r,
        score: round(r.score),
        lat: round(r.lat, 7),
        lon: round(r.lon, 7),
      })),
    ),
    findings: sorted(
      all(Q.findings).map((r) => ({
        detection: detectionKey.get(r.detection_id),
        class: r.class,
        severity: r.severity,
        violation: r.violation,
        lat: round(r.lat, 7),
        lon: round(r.lon, 7),
        zones: r.zones,
        district: r.district,
        enterprise: r.enterprise_id,
        department: r.department_id,
        model: r.model_id,
        capturedAt: r.captured_at,
        inCase: r.case_id ? caseKey(r.case_id) : null,
      })),
    ),
    cases: sorted(
      all(Q.cases).map(({ id, ...r }) => ({ ...r, findings: caseKey(id) })),
    ),
    // Notes name findings by id: put the finding's photo and box in its place.
    audit: sorted(
      all(Q.audit).map(({ case_id, note, ...r }) => ({
        ...r,
        note: typeof note === 'string' ? note.replace(/finding (\S+)/g, (_, id: string) => `finding ${detectionKey.get(id) ?? id}`) : note,
        case: caseKey(case_id),
      })),
    ),
    // Progress ticks (mission.updated) count processing attempts, which a crash legitimately adds to;
    // what the map and officers are told about findings and cases must be the same.
    events: sorted(
      all(Q.events).map((r) => {
        const p = JSON.parse(String(r.payload)) as Row;
        return r.type === 'finding.created'
          ? { type: r.type, detection: detectionKey.get(p.detectionId), severity: p.severity, caseStatus: p.caseStatus }
          : { type: r.type, case: caseKey(p.id), status: p.status, sightings: p.sightings };
      }),
    ),
  };
}

/** Counts by status, for progress waits. */
export function imageStatuses(sqliteFile: string): Record<string, number> {
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select status, count(*) as n from images group by status').all() as Array<{ status: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } finally {
    db.close();
  }
}
