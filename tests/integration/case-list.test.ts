/**
 * The officers' case list on SQLite and PostgreSQL: every filter, the search (case number, enterprise
 * name, note text), the sort orders, paging with a total, the department boundary, and the CSV export
 * (UTF-8 with BOM, the same filters, worded in the chosen language).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { CaseRecord } from '../../core/db/repositories/cases.repository.ts';
import type { CaseListFilter, CaseListItem } from '../../core/db/repositories/case-list.repository.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const NOW = new Date('2026-11-30T08:00:00Z');
const DAY = 86_400_000;
const iso = (daysFromNow: number) => new Date(NOW.getTime() + daysFromNow * DAY).toISOString();

/** Twelve cases of department A (varied on every filtered field) and two of department B. */
function seedCases(): CaseRecord[] {
  const base = { violation: '违规', lat: 37.4, lon: 118.6, rectificationDays: 7, sightings: 1, reopenCount: 0, modelId: 'dy-hazard@1.4.0', confirmedAt: null, dismissedAt: null, closedAt: null, alertedAt: null };
  const spec: [status: CaseRecord['status'], severity: string, cls: string, district: string, enterprise: string | null, assignee: string | null, due: number | null, opened: number][] = [
    ['new', 'critical', 'fire', '东营区', 'ent-a', null, null, -1],
    ['new', 'high', 'smoke', '东营区', 'ent-b', null, null, -2],
    ['confirmed', 'medium', 'excavator', '广饶县', null, null, 3, -3],
    ['dispatched', 'critical', 'fire', '广饶县', 'ent-a', '网格员 张三', -2, -10], // overdue
    ['dispatched', 'low', 'steel_shed', '东营区', 'ent-b', '网格员 张三', 5, -4],
    ['dispatched', 'high', 'oil_spill', '河口区', null, 'u-officer-a', -1, -20], // overdue, assigned by id
    ['rectified', 'medium', 'tanker_truck', '河口区', 'ent-a', '网格员 李四', -5, -30], // past due but not awaiting
    ['verified', 'low', 'excavator', '东营区', null, '网格员 李四', 2, -40],
    ['closed', 'high', 'fire', '广饶县', 'ent-b', '网格员 李四', null, -50],
    ['dismissed', 'critical', 'fire', '东营区', 'ent-a', null, null, -60],
    ['new', 'low', 'smoke', '河口区', null, null, null, -70],
    ['confirmed', 'critical', 'tanker_truck', '东营区', 'ent-b', null, 1, -80],
  ];
  const a = spec.map(([status, severity, cls, district, enterprise, assignee, due, opened], i): CaseRecord => ({
    ...base,
    id: `case-a-${String(i).padStart(2, '0')}`,
    caseNo: `DY-2026-${String(100 + i).padStart(6, '0')}`,
    class: cls,
    status,
    severity,
    district,
    enterpriseId: enterprise,
    departmentId: 'dept-a',
    assignee,
    dueAt: due === null ? null : iso(due),
    openedAt: iso(opened),
    updatedAt: iso(opened),
  }));
  const b = [0, 1].map((i): CaseRecord => ({ ...a[i]!, id: `case-b-${i}`, caseNo: `DY-2026-${String(200 + i).padStart(6, '0')}`, departmentId: 'dept-b', enterpriseId: null }));
  return [...a, ...b];
}

describeEachDb('case list', (kind) => {
  let s: TestServices;
  let server: TestServer;
  const ids = (rows: CaseListItem[]) => rows.map((r) => r.id);
  const list = (f: CaseListFilter, sort = { key: 'openedAt' as const, descending: true }) => s.caseList.page(f, sort, 0, 100, NOW);

  beforeAll(async () => {
    s = await createTestServices(kind);
    await s.geo.upsertDepartment({ id: 'dept-a', name: '东营区应急管理局', nameEn: null, district: '东营区' });
    await s.geo.upsertEnterprise({ id: 'ent-a', name: '胜利石化 Petro Co.', departmentId: 'dept-a', gridOfficer: null, district: '东营区', address: null });
    await s.geo.upsertEnterprise({ id: 'ent-b', name: '黄河钢构厂', departmentId: 'dept-a', gridOfficer: null, district: '广饶县', address: null });
    for (const c of seedCases()) await s.cases.insert(c);
    // Notes live in the history: a dismissal's reason and a note on another action.
    // Dispatch goes to a person of the department (by user id).
    await s.users.create({ id: 'u-wang', name: '网格员 王五', role: 'officer', departmentId: 'dept-a' });
    s.casesService.clock = () => NOW;
    const officer = { id: 'u-officer-a', role: 'officer' as const, departmentId: 'dept-a' };
    await s.casesService.act('case-a-01', 'dismiss', officer, { reason: '红色屋顶, not smoke (100% sure)' });
    await s.casesService.act('case-a-02', 'dispatch', officer, { assignee: 'u-wang', note: '挖掘机在管线上方作业' });
    server = await startTestServer(s, { departmentId: 'dept-a' });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await s?.dispose();
  });

  it('filters by status, severity, class, district, enterprise, assignee and department', async () => {
    expect(ids(await list({ statuses: ['dispatched'] })).sort()).toEqual(['case-a-02', 'case-a-03', 'case-a-04', 'case-a-05']);
    expect(ids(await list({ statuses: ['closed', 'dismissed'] })).sort()).toEqual(['case-a-01', 'case-a-08', 'case-a-09']);
    expect(ids(await list({ departmentId: 'dept-a', severities: ['critical'] })).sort()).toEqual(['case-a-00', 'case-a-03', 'case-a-09', 'case-a-11']);
    expect(ids(await list({ classes: ['fire'], districts: ['广饶县'] })).sort()).toEqual(['case-a-03', 'case-a-08']);
    expect(ids(await list({ enterpriseId: 'ent-b' })).sort()).toEqual(['case-a-01', 'case-a-04', 'case-a-08', 'case-a-11']);
    expect(ids(await list({ assignees: ['u-officer-a', 'Officer A'] }))).toEqual(['case-a-05']);
    expect(await s.caseList.count({ departmentId: 'dept-b' }, NOW)).toBe(2);
    expect(await s.caseList.count({}, NOW)).toBe(14);
  });

  it('finds overdue cases: past due and still awaiting rectification', async () => {
    expect(ids(await list({ overdue: true, departmentId: 'dept-a' })).sort()).toEqual(['case-a-03', 'case-a-05']);
    expect(await s.caseList.count({ overdue: false, departmentId: 'dept-a' }, NOW)).toBe(10);
  });

  it('limits by opening date, inclusive from, exclusive to', async () => {
    expect(ids(await list({ from: iso(-4), to: iso(-1) }))).toEqual(['case-a-01', 'case-b-1', 'case-a-02', 'case-a-04']);
  });

  it('searches case numbers, enterprise names and note text, case-insensitively, with LIKE characters taken literally', async () => {
    expect(ids(await list({ search: 'PETRO' })).sort()).toEqual(['case-a-00', 'case-a-03', 'case-a-06', 'case-a-09']);
    expect(ids(await list({ search: '钢构' })).sort()).toEqual(['case-a-01', 'case-a-04', 'case-a-08', 'case-a-11']);
    expect(ids(await list({ search: '管线上方' }))).toEqual(['case-a-02']);
    expect(ids(await list({ search: '红色屋顶' }))).toEqual(['case-a-01']);
    expect(ids(await list({ search: '100%' }))).toEqual(['case-a-01']);
    expect(ids(await list({ search: '%' }))).toEqual(['case-a-01']);
    expect(ids(await list({ search: '_' }))).toEqual([]);
    expect(ids(await list({ search: 'dy-2026-00011' })).sort()).toEqual(['case-a-10', 'case-a-11']);
    expect(ids(await list({ search: ' DY-2026-000103 ' }))).toEqual(['case-a-03']);
  });

  it('sorts by severity, due date (none last, both ways) and status, and pages without overlap', async () => {
    const bySeverity = await list({ departmentId: 'dept-a' }, { key: 'severity' as never, descending: true });
    expect(bySeverity.map((c) => c.severity)).toEqual(['critical', 'critical', 'critical', 'critical', 'high', 'high', 'high', 'medium', 'medium', 'low', 'low', 'low']);
    const due = await list({ departmentId: 'dept-a' }, { key: 'dueAt' as never, descending: false });
    expect(due.slice(0, 7).map((c) => c.id)).toEqual(['case-a-06', 'case-a-03', 'case-a-05', 'case-a-11', 'case-a-07', 'case-a-04', 'case-a-02']);
    expect(due.slice(7).every((c) => c.dueAt === null)).toBe(true);
    const dueDesc = await list({ departmentId: 'dept-a' }, { key: 'dueAt' as never, descending: true });
    expect(dueDesc[0]!.id).toBe('case-a-02'); // dispatched: the rule's 7 days from now
    expect(dueDesc.slice(7).every((c) => c.dueAt === null)).toBe(true);
    const pages: string[] = [];
    for (let offset = 0; offset < 14; offset += 5) pages.push(...ids(await s.caseList.page({}, { key: 'status', descending: false }, offset, 5, NOW)));
    expect(pages).toHaveLength(14);
    expect(new Set(pages).size).toBe(14);
  });

  it('names the enterprise and the department of each case', async () => {
    const [c] = await list({ search: 'DY-2026-000103' });
    expect(c?.caseNo).toBe('DY-2026-000103');
    expect(c).toMatchObject({ id: 'case-a-03', enterpriseName: '胜利石化 Petro Co.', departmentName: '东营区应急管理局' });
    // Dispatched to a person of the department by id: the list names them.
    const [wang] = await list({ assignees: ['u-wang'] });
    expect(wang).toMatchObject({ id: 'case-a-02', assignee: 'u-wang', assigneeName: '网格员 王五' });
  });

  it('over HTTP: pages with a total, keeps officers to their department, says which parameter is wrong', async () => {
    const officer = server.as('officer');
    const page = (await (await officer('/api/v1/cases?departmentId=dept-b&sort=-severity&limit=5&offset=5')).json()) as { total: number; offset: number; limit: number; cases: (CaseListItem & { overdue: boolean; allowedActions: string[] })[] };
    expect(page).toMatchObject({ total: 12, offset: 5, limit: 5 });
    expect(page.cases).toHaveLength(5);
    expect(page.cases.every((c) => c.departmentId === 'dept-a' && Array.isArray(c.allowedActions))).toBe(true);
    // The old contract: one status, no paging, every case in `cases`.
    const legacy = (await (await officer('/api/v1/cases?status=new')).json()) as { cases: { id: string }[] };
    expect(legacy.cases.map((c) => c.id).sort()).toEqual(['case-a-00', 'case-a-10']);
    const many = (await (await officer('/api/v1/cases?status=new,confirmed&severity=critical')).json()) as { cases: { id: string }[] };
    expect(many.cases.map((c) => c.id).sort()).toEqual(['case-a-00', 'case-a-11']);
    const manager = (await (await server.as('manager')('/api/v1/cases?departmentId=dept-b')).json()) as { total: number };
    expect(manager.total).toBe(2);
    // A day, as a date input sends it, is a whole local day (UTC+8 by default).
    const day = (await (await officer(`/api/v1/cases?from=${iso(-4).slice(0, 10)}&to=${iso(-4).slice(0, 10)}`)).json()) as { cases: { id: string }[] };
    expect(day.cases.map((c) => c.id)).toEqual(['case-a-04']);
    for (const bad of ['from=yesterday', 'status=open', 'sort=colour', 'limit=0']) {
      const res = await officer(`/api/v1/cases?${bad}`);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as { error: { details: { field: string }[] } };
      expect(body.error.details.some((d) => d.field.startsWith(bad.split('=')[0]!)), JSON.stringify(body)).toBe(true);
    }
  });

  it('exports the same filtered cases as CSV with a BOM, in Chinese or English', async () => {
    const res = await server.as('officer')('/api/v1/cases?format=csv&severity=critical&sort=openedAt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['系统编号'])).toEqual(['case-a-11', 'case-a-09', 'case-a-03', 'case-a-00']);
    expect(rows.find((r) => r['系统编号'] === 'case-a-03')).toMatchObject({ 状态: '已派发', 严重程度: '严重', 类别: '明火', 企业: '胜利石化 Petro Co.', 逾期: '是', 整改责任人: '网格员 张三' });
    const en = await (await server.as('officer')('/api/v1/cases?format=csv&lang=en&q=钢构&status=dispatched')).text();
    const enRows = parse(en.slice(1), { columns: true }) as Record<string, string>[];
    expect(enRows).toHaveLength(1);
    expect(enRows[0]).toMatchObject({ 'System id': 'case-a-04', Status: 'Dispatched', Severity: 'Low', Class: 'Steel shed', Enterprise: '黄河钢构厂', Overdue: 'no' });
  });
});
