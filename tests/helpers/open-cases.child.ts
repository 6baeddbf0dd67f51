/**
 * A second writer process for concurrency tests: opens `count` cases (far apart, so none joins another)
 * on the database given by URL, and prints their case numbers as JSON. Run with tsx.
 * argv: <database url> <pg schema or ''> <first index> <count>
 */
import { CasesService } from '../../core/cases/cases.service.ts';
import { openDatabase } from '../../core/db/database.ts';

const [url, schema, first, count] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(url, { schema: schema || undefined });
const store = new CasesService(db.kysely, db.dialect, { joinDistanceM: 50, onDismissed: 'reopen', alertMinSeverity: 'critical', separationOfDuties: true });
store.clock = () => new Date('2026-11-01T08:00:00Z');
const numbers: string[] = [];
for (let n = Number(first); n < Number(first) + Number(count); n++) {
  const finding = {
    id: `f${n}`, detectionId: `d${n}`, imageId: `img${n}`, missionId: 'm1', class: 'tanker', score: 0.9, severity: 'high',
    violation: 'tanker', lat: 37.4 + n * 0.01, lon: 118.5, zones: [], district: null, enterpriseId: null, departmentId: 'dept-safety',
    modelId: 'dy-hazard@1.4.0', capturedAt: '2026-11-01T02:00:00.000Z', createdAt: '2026-11-01T02:00:00.000Z',
  };
  numbers.push((await store.recordFinding(finding, { severity: 'high', violation: 'tanker', rectificationDays: 3 })).case.caseNo);
}
await db.close();
process.stdout.write(JSON.stringify(numbers));
