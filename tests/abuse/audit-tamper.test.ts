/**
 * The audit trail is tamper-evident against someone who can write the database (but not read the audit
 * key): deleting the newest entries, rewriting one and recomputing every later hash, or editing a case
 * behind the trail are each reported by /api/v1/audit/verify, naming what was found. SQLite and PostgreSQL.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Finding } from '../../core/db/repositories/findings.repository.ts';
import { hashEntry, type AuditEntry } from '../../core/pipeline/audit/audit-chain.ts';
import type { AuditVerdict } from '../../core/pipeline/audit/audit-verify.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const RULE = { severity: 'critical', violation: 'open fire', rectificationDays: 3 };
const OFFICER = { id: 'officer-1', role: 'officer' as const, departmentId: 'dept-safety' };

const finding = (n: number, lat: number): Finding => ({
  id: `f${n}`, detectionId: `d${n}`, imageId: `img${n}`, missionId: 'm1', caseId: null, class: 'fire', score: 0.9, severity: 'critical', violation: 'open fire',
  lat, lon: 118.95, zones: [], district: null, enterpriseId: null, departmentId: 'dept-safety', modelId: 'dy-hazard@1.4.0',
  capturedAt: '2026-11-01T08:00:00.000Z', createdAt: '2026-11-01T08:00:00.000Z',
});

describeEachDb('tamper-evident audit chain', (kind) => {
  let s: TestServices;
  let srv: TestServer;
  let caseA: string;
  let caseB: string;

  const verify = async (): Promise<AuditVerdict> => {
    const res = await srv.as('manager')('/api/v1/audit/verify');
    expect(res.status).toBe(200);
    return (await res.json()) as AuditVerdict;
  };
  const healthy = async () => expect((await fetch(`${srv.base}/healthz`)).status).toBe(200);
  const entries = async (): Promise<AuditEntry[]> => {
    const all: AuditEntry[] = [];
    for await (const page of s.cases.auditChain()) all.push(...page);
    return all;
  };

  beforeEach(async () => {
    s = await createTestServices(kind);
    srv = await startTestServer(s);
    const store = s.casesService;
    store.clock = () => new Date('2026-11-01T08:00:00Z');
    caseA = (await store.recordFinding(finding(1, 37.75), RULE)).case.id;
    store.clock = () => new Date('2026-11-01T08:05:00Z');
    caseB = (await store.recordFinding(finding(2, 37.8), RULE)).case.id;
    store.clock = () => new Date('2026-11-01T09:00:00Z');
    await store.act(caseA, 'confirm', OFFICER, { note: 'seen on site' });
    store.clock = () => new Date();
    // Dispatch goes to one of the case department's people.
    const inspector = (await s.users.create({ name: '东营港安监站 巡查员', role: 'officer', departmentId: 'dept-safety' })).user;
    // One change through the API as well, so the route's writes are keyed and witnessed too.
    const res = await srv.as('manager')(`/api/v1/cases/${caseA}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'dispatch', assignee: inspector.id, note: '限期整改' }) });
    expect(res.status).toBe(200);
  });
  afterEach(async () => {
    await srv?.close();
    await s?.dispose();
  });

  it('verifies an untampered chain: links, MACs, both heads and every case state', async () => {
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: true, count: 4, problems: [], casesChecked: 2 });
    expect(verdict.witnesses.map((w) => w.head?.seq)).toEqual([4, 4]);
    expect((await entries()).every((e) => /^[0-9a-f]{64}$/.test(e.mac ?? ''))).toBe(true);
    await healthy();
  });

  it('names deleted newest entries (the heads outside the database still hold entry 4)', async () => {
    await sql`delete from audit where seq >= 3`.execute(s.db.kysely);
    // The deleter also puts the case back as it was, so only the heads can tell.
    await sql`update cases set status = 'new', assignee = null, due_at = null where id = ${caseA}`.execute(s.db.kysely);
    const verdict = await verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.count).toBe(2);
    const heads = verdict.problems.filter((p) => p.kind === 'head');
    expect(heads).toHaveLength(2);
    for (const p of heads) expect(p.message).toMatch(/chain ends at entry 2 but the .* records entry 4: entries were deleted/);
    expect(verdict.brokenAt).toBe(3);
    await healthy();
  });

  it('names an entry rewritten with every later hash recomputed, even when the heads are rewritten too', async () => {
    const chain = await entries();
    let prev = chain[1]!.hash;
    for (const e of chain.slice(2)) {
      const changed = { ...e, note: e.seq === 3 ? 'no problem found' : e.note, prevHash: prev };
      const hash = hashEntry(prev, changed);
      await sql`update audit set note = ${changed.note}, prev_hash = ${prev}, hash = ${hash} where seq = ${e.seq}`.execute(s.db.kysely);
      prev = hash;
    }
    // The forger also rewrites both heads outside the database: only the key can catch this.
    const headFile = path.join(s.dataDir, 'audit-head.json');
    await writeFile(headFile, JSON.stringify({ seq: 4, hash: prev }));
    await s.redis.hset(`${s.config.QUEUE_PREFIX}:audit-head`, 'seq', '4', 'hash', prev);
    const verdict = await verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.filter((p) => p.kind === 'chain')).toEqual([]);
    expect(verdict.problems).toContainEqual({ kind: 'mac', seq: 3, message: expect.stringMatching(/entry 3: its MAC does not match.*without the audit key \(2 entries fail/) });
    expect(verdict.brokenAt).toBe(3);
    expect(JSON.parse(await readFile(headFile, 'utf8'))).toEqual({ seq: 4, hash: prev });
    await healthy();
  });

  it("names a case whose status was edited in the database behind the trail", async () => {
    await sql`update cases set status = 'closed' where id = ${caseB}`.execute(s.db.kysely);
    const verdict = await verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([{ kind: 'case-state', caseId: caseB, message: `case ${caseB} differs from its last audit entry in status (now "closed", recorded "new")` }]);
    expect(verdict.brokenAt).toBeUndefined();
    await healthy();
  });

  it('names a case deleted behind the trail, and one inserted without an entry', async () => {
    const row = await s.db.kysely.selectFrom('cases').selectAll().where('id', '=', caseB).executeTakeFirstOrThrow();
    await s.db.kysely.deleteFrom('cases').where('id', '=', caseB).execute();
    await s.db.kysely.insertInto('cases').values({ ...row, id: 'forged-case' }).execute();
    const verdict = await verify();
    expect(verdict.problems.map((p) => p.message)).toEqual([`case forged-case has no audit entry`, `case ${caseB} has audit entries but is not in the database: it was deleted`]);
  });

  it('lets only managers (and admins) verify', async () => {
    expect((await srv.as('officer')('/api/v1/audit/verify')).status).toBe(403);
  });
});
