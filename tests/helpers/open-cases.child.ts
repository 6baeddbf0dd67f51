/**
 * A second writer process for concurrency tests: opens `count` cases (far apart, so none joins another)
 * on the database given by URL, and prints their case numbers as JSON. Run with tsx.
 * argv: <database url> <pg schema or ''> <first index> <count> <data dir> <redis url> <queue prefix>
 */
import { CaseStore } from '../../core/cases/case-store.ts';
import { openDatabase } from '../../core/db/database.ts';
import { standaloneAuditTrail } from './audit-trail.ts';

const [url, schema, first, count, dataDir, redisUrl, queuePrefix] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const db = openDatabase(url, { schema: schema || undefined });
const audit = await standaloneAuditTrail(dataDir, redisUrl, queuePrefix);
const store = new CaseStore(db.kysely, db.dialect, audit.trail);
const numbers: string[] = [];
for (let n = Number(first); n < Number(first) + Number(count); n++) {
  const finding = {
    id: `f${n}`, detectionId: `d${n}`, imageId: `img${n}`, missionId: 'm1', caseId: null, class: 'tanker', score: 0.9, severity: 'high',
    violation: 'tanker', lat: 37.4 + n * 0.01, lon: 118.5, zones: [], district: null, enterpriseId: null, departmentId: 'dept-safety',
    modelId: 'dy-hazard@1.4.0', capturedAt: '2026-11-01T02:00:00.000Z', createdAt: '2026-11-01T02:00:00.000Z',
  };
  numbers.push((await store.recordFinding(finding, { severity: 'high', violation: 'tanker', rectificationDays: 3 }, { joinDistanceM: 50 }, new Date('2026-11-01T08:00:00Z'))).case.caseNo);
}
await db.close();
await audit.close();
process.stdout.write(JSON.stringify(numbers));
