/**
 * Cases for the case-list pages, written straight into a running test server's SQLite file (WAL: the
 * server keeps serving meanwhile): many enough to page, varied on every filter, at the seeded
 * enterprises of the demo officer's department, a few assigned to the demo officer, some with notes.
 * Detection is not what these tests are about, so no photo has to go through the model first.
 */
import path from 'node:path';
import { CasesService } from '../../../core/cases/cases.service.ts';
import { openDatabase } from '../../../core/db/database.ts';
import { CasesRepository, type CaseRecord } from '../../../core/db/repositories/cases.repository.ts';
import { FindingsRepository } from '../../../core/db/repositories/findings.repository.ts';
import { CASE_STATUSES, HAZARD_CLASSES, SEVERITIES } from '../../../core/domain.ts';
import { DEMO_OFFICER_DEPARTMENT } from '../../../seeds/demo-accounts.ts';
import type { TestServer } from './server.harness.ts';

const VIOLATION: Record<string, string> = {
  fire: '生产经营场所违规动火',
  smoke: '异常烟雾排放',
  excavator: '管道保护范围内违规施工',
  oil_spill: '油品泄漏',
  steel_shed: '违规搭建彩钢棚',
  tanker_truck: '危化品车辆违规停放',
};

export interface SeededCases {
  /** Every seeded case, newest first (the list's default order). */
  cases: CaseRecord[];
  /** The note written on one case, to search for. */
  note: { caseId: string; text: string };
  /** Name of an enterprise that has cases. */
  enterprise: { id: string; name: string };
}

/** Insert `count` cases for the demo officer's department (ids `e2e-case-000` ...). */
export async function seedCases(server: TestServer, count = 45): Promise<SeededCases> {
  const db = openDatabase(`sqlite:${path.join(server.dataDir, 'app.sqlite')}`);
  try {
    const enterprises = await db.kysely.selectFrom('enterprises').select(['id', 'name', 'district']).orderBy('id').limit(6).execute();
    if (enterprises.length < 2) throw new Error('the seeded enterprises are missing');
    const repo = new CasesRepository(db.kysely);
    const now = Date.now();
    const day = 86_400_000;
    const cases: CaseRecord[] = [];
    for (let i = 0; i < count; i++) {
      const cls = HAZARD_CLASSES[i % HAZARD_CLASSES.length]!;
      const status = CASE_STATUSES[(i * 3) % CASE_STATUSES.length]!;
      const enterprise = enterprises[i % enterprises.length]!;
      // Every fifth dispatched case is the demo officer's; due dates spread around today.
      const dispatched = status === 'dispatched';
      const due = status === 'new' || status === 'dismissed' ? null : new Date(now + ((i % 9) - 3) * day).toISOString();
      const opened = new Date(now - (i + 1) * 0.8 * day).toISOString();
      cases.push({
        id: `e2e-case-${String(i).padStart(3, '0')}`,
        caseNo: await repo.nextCaseNumber(opened),
        class: cls,
        status,
        severity: SEVERITIES[(i * 7) % SEVERITIES.length]!,
        violation: VIOLATION[cls] ?? cls,
        lat: 37.72 + (i % 7) * 0.01,
        lon: 118.95 + (i % 5) * 0.015,
        district: enterprise.district,
        enterpriseId: enterprise.id,
        departmentId: DEMO_OFFICER_DEPARTMENT,
        assignee: dispatched ? (i % 2 === 0 ? 'demo-officer' : '网格员 张三') : null,
        dueAt: due,
        rectificationDays: 7,
        sightings: 1 + (i % 3),
        reopenCount: 0,
        modelId: 'dy-hazard@1.4.0',
        openedAt: opened,
        confirmedAt: null,
        dismissedAt: status === 'dismissed' ? opened : null,
        closedAt: status === 'closed' ? opened : null,
        updatedAt: opened,
        alertedAt: null,
      });
    }
    for (const c of cases) await repo.insert(c);
    // Each case's sightings as findings a few metres apart, so the map draws it (one marker per case).
    const findings = new FindingsRepository(db.kysely);
    for (const c of cases) {
      for (let n = 0; n < c.sightings; n++) {
        const id = `${c.id}-f${n}`;
        await findings.upsert({ id, detectionId: id, imageId: `${c.id}-img${n}`, missionId: 'e2e-mission', class: c.class, score: 0.9, severity: c.severity, violation: c.violation, lat: c.lat! + n * 0.00005, lon: c.lon! + n * 0.00005, zones: [], district: c.district, enterpriseId: c.enterpriseId, departmentId: c.departmentId, modelId: c.modelId!, capturedAt: new Date(Date.parse(c.openedAt) + n * 86_400_000).toISOString() });
        await findings.setCase(id, c.id);
      }
    }
    const target = cases.find((c) => c.status === 'new')!;
    const note = { caseId: target.id, text: '东侧围墙外有焊接火花' };
    const service = new CasesService(db.kysely, db.dialect, { joinDistanceM: 50, onDismissed: 'reopen', alertMinSeverity: 'critical', separationOfDuties: true });
    await service.act(target.id, 'confirm', { id: 'demo-officer', role: 'officer', departmentId: DEMO_OFFICER_DEPARTMENT }, { note: note.text });
    return { cases: cases.sort((a, b) => b.openedAt.localeCompare(a.openedAt)), note, enterprise: { id: enterprises[0]!.id, name: enterprises[0]!.name } };
  } finally {
    await db.close();
  }
}
