/**
 * The case record holds, through the API with the real pipeline (real Dock 3 photo, the shipped model
 * 1.2.0 that reads its crates as vehicles, real Redis, SQLite and PostgreSQL, a local webhook receiver):
 * - the same file in a second mission is linked and gives no second finding or sighting;
 * - a dispatch without a deadline keeps the rule's (1 day here), the assignee is one of the department's
 *   people, and the reporter of a rectification does not verify it;
 * - an old photo (another file of the same moment) after the closing and the dismissal leaves both cases
 *   as they were and alerts nothing: it joins the record as an earlier sighting;
 * - a photo captured after them is a recurrence (复发): both reopen, alert, and the dismissal still counts
 *   in the false-positive statistics and stays in the case's decisions;
 * - an enterprise visit dispatches all its cases or none.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readImageMeta } from '../../core/pipeline/metadata/read-image-meta.ts';
import { seedDatabase } from '../../seeds/seed-database.ts';
import { DOCK3_FOOLED_MODEL, DOCK3_PHOTO } from '../helpers/dock3-photo.ts';
import { describeRealdata, realdata } from '../helpers/realdata.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { jsonBody } from '../helpers/upload-photo.ts';

// The alert listener is on this machine's loopback, which webhooks may reach only when allowed.
const CONFIG = { ACTIVE_MODEL: DOCK3_FOOLED_MODEL, GROUND_SIZE_CHECK: 'false', DETECT_RESAMPLE: 'false', WEBHOOK_ALLOW_PRIVATE: 'true' };
const CLASSES = ['excavator', 'tanker_truck'];
const DAY = 86_400_000;

type CaseView = { id: string; caseNo: string; class: string; status: string; sightings: number; reopenCount: number; dueAt: string | null; assignee: string | null; allowedActions: string[] };
type Detail = { case: CaseView; decisions: Array<{ action: string; actor: string; note: string | null; cycle: number }>; history: Array<{ action: string; note: string | null }> };

/** The photo as taken: its bytes, and copies that are other files of the same moment, or of a later one. */
const original = () => readFileSync(realdata(DOCK3_PHOTO));
/** Same pixels and times, other bytes (re-saved or re-exported): a different SHA-256. */
const oldCopy = () => Buffer.concat([original(), Buffer.from('\0re-exported copy')]);
/** The same scene a year later: every date in EXIF and XMP moved to 2027 (same length, so the file stays valid). */
const laterCopy = () => Buffer.from(original().toString('latin1').replaceAll('2025:04:24', '2027:04:24').replaceAll('2025-04-24', '2027-04-24'), 'latin1');

describeRealdata('the case record holds, on a real photo', () => {
  describeEachDb('record rules', (kind) => {
    let s: TestServices;
    let srv: TestServer;
    let hookServer: Server;
    const hooks: Array<{ alert: { caseId: string; caseNo: string; reason: string; alertId: string }; text: string }> = [];
    let cases: CaseView[] = [];
    let findingsAfterFirst = 0;

    const upload = async (bytes: Buffer, name: string) => {
      const op = srv.as('operator');
      const { id: missionId } = (await (await op('/api/v1/missions', jsonBody({ name }))).json()) as { id: string };
      const fd = new FormData();
      fd.append('files', new Blob([new Uint8Array(bytes)]), `${name}.jpeg`);
      const { images } = (await (await op(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: fd })).json()) as { images: Array<{ id: string; status: string; duplicateOf?: string }> };
      await waitFor(async () => (((await (await op(`/api/v1/images/${images[0]!.id}`)).json()) as { status: string }).status === 'done' ? true : undefined), `${name} analysed`, 300_000);
      await s.outbox.drain();
      return images[0]!;
    };
    const detail = async (id: string) => (await (await srv.as('manager')(`/api/v1/cases/${id}`)).json()) as Detail;
    const act = (role: 'manager' | 'admin' | 'officer', id: string, body: Record<string, unknown>) => srv.as(role)(`/api/v1/cases/${id}/actions`, jsonBody(body));
    const alertRows = async () => Number((await s.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('topic', '=', 'alert').executeTakeFirstOrThrow()).n);
    const findingCount = async () => Number((await s.db.kysely.selectFrom('findings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    beforeAll(async () => {
      s = await createTestServices(kind, CONFIG);
      await seedDatabase(s);
      srv = await startTestServer(s, { workers: true });
      for (const cls of CLASSES) {
        const rule = { class: cls, zoneKind: '*', violation: `test: ${cls} anywhere`, severity: 'critical', rectificationDays: 1, alertImmediately: true };
        expect((await srv.as('admin')('/api/v1/rules', jsonBody(rule, 'PUT'))).status).toBe(200);
      }
      hookServer = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c));
        req.on('end', () => {
          const parsed = JSON.parse(body) as { alert: (typeof hooks)[number]['alert']; text: string };
          hooks.push({ alert: parsed.alert, text: parsed.text });
          res.end('ok');
        });
      }).listen(0, '127.0.0.1');
      await new Promise((resolve) => hookServer.once('listening', resolve));
      const url = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
      expect((await srv.as('admin')('/api/v1/webhooks', jsonBody({ url, format: 'json', minSeverity: 'low' }))).status).toBe(201);
    }, 120_000);
    afterAll(async () => {
      await srv?.close();
      hookServer?.close();
      await s?.dispose();
    });

    it('opens one case per hazard with a readable number, and alerts once per case naming it', async () => {
      await upload(original(), 'first patrol');
      cases = (((await (await srv.as('manager')('/api/v1/cases')).json()) as { cases: CaseView[] }).cases).sort((a, b) => a.caseNo.localeCompare(b.caseNo));
      expect(cases.map((c) => c.class).sort()).toEqual(CLASSES);
      expect(cases.map((c) => c.caseNo)).toEqual(['DY-2026-000001', 'DY-2026-000002'].map((n) => n.replace('2026', String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()))));
      findingsAfterFirst = await findingCount();
      await waitFor(async () => (hooks.length >= cases.length ? true : undefined), 'alerts');
      expect(hooks.map((h) => h.alert.caseId).sort()).toEqual(cases.map((c) => c.id).sort());
      for (const h of hooks) expect(h.text).toContain(`案件编号**：${h.alert.caseNo}`);
    });

    it('links the same file uploaded in another mission: one finding, no second sighting', async () => {
      const image = await upload(original(), 'same file again');
      expect(image.duplicateOf).toEqual(expect.any(String));
      expect(await findingCount()).toBe(findingsAfterFirst);
      for (const c of cases) expect((await detail(c.id)).case.sightings).toBe(c.sightings);
    });

    it('dispatches with the rule deadline unless changed on purpose, to one of the department people, and separates who verifies', async () => {
      const [closing] = cases;
      expect((await act('manager', closing!.id, { action: 'confirm' })).status).toBe(200);
      expect((await act('manager', closing!.id, { action: 'dispatch', assignee: '张三' })).status).toBe(400);
      const { assignees } = (await (await srv.as('manager')(`/api/v1/cases/${closing!.id}/assignees`)).json()) as { assignees: Array<{ id: string; role: string }> };
      const assignee = assignees.find((p) => p.role === 'officer')!;
      const before = Date.now();
      const dispatched = (await (await act('manager', closing!.id, { action: 'dispatch', assignee: assignee.id })).json()) as CaseView;
      const after = Date.now();
      // rectificationDays 1 from the rule, counted from the dispatch (the form's +7 days no longer overrides it)
      expect(Date.parse(dispatched.dueAt!)).toBeGreaterThanOrEqual(before + DAY - 1000);
      expect(Date.parse(dispatched.dueAt!)).toBeLessThanOrEqual(after + DAY + 1000);
      expect(dispatched.assignee).toBe(assignee.id);
      expect((await act('manager', closing!.id, { action: 'report-rectified', note: 'crates moved' })).status).toBe(200);
      expect((await detail(closing!.id)).case.allowedActions).not.toContain('verify');
      expect((await act('manager', closing!.id, { action: 'verify' })).status).toBe(403);
      expect((await act('admin', closing!.id, { action: 'verify', note: 'seen on site' })).status).toBe(200);
      expect((await act('manager', closing!.id, { action: 'close' })).status).toBe(200);
      expect((await act('manager', cases[1]!.id, { action: 'dismiss', reason: 'crates on pallets, not a vehicle' })).status).toBe(200);
    });

    it('joins an old photo after the closing and the dismissal as an earlier sighting: nothing reopens, nothing alerts', async () => {
      const alertsBefore = hooks.length;
      const alertsOwedBefore = await alertRows();
      const image = await upload(oldCopy(), 'old photo re-exported');
      expect(image.duplicateOf).toBeUndefined();
      expect(await findingCount()).toBe(2 * findingsAfterFirst);
      const [closed, dismissed] = [await detail(cases[0]!.id), await detail(cases[1]!.id)];
      expect(closed.case).toMatchObject({ status: 'closed', reopenCount: 0 });
      expect(dismissed.case).toMatchObject({ status: 'dismissed', reopenCount: 0 });
      expect(closed.case.sightings).toBeGreaterThan(cases[0]!.sightings);
      expect(closed.history.at(-1)).toMatchObject({ action: 'sighting', note: expect.stringContaining('earlier sighting') });
      // Nothing owed: no alert row in the outbox (whence every alert is sent), none delivered.
      expect(await alertRows()).toBe(alertsOwedBefore);
      expect(hooks.length).toBe(alertsBefore);
    });

    it('reopens on a photo captured after them (复发), alerts, and still counts the dismissal', async () => {
      expect((await readImageMeta(laterCopy())).capturedAt).toMatch(/^2027-04-24/);
      const alertsBefore = hooks.length;
      await upload(laterCopy(), 'a year later');
      for (const c of cases) expect((await detail(c.id)).case).toMatchObject({ status: 'new', reopenCount: 1 });
      await waitFor(async () => (hooks.length >= alertsBefore + cases.length ? true : undefined), 'recurrence alerts');
      expect(hooks.slice(alertsBefore).map((h) => h.alert.reason)).toEqual(['reopened', 'reopened']);
      const dismissed = await detail(cases[1]!.id);
      expect(dismissed.decisions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'dismiss', note: expect.stringContaining('crates on pallets'), cycle: 0 }),
          expect.objectContaining({ action: 'reopen', actor: 'system', cycle: 1, note: expect.stringContaining('复发') }),
        ]),
      );
      const { rows } = (await (await srv.as('manager')('/api/v1/stats/false-positives')).json()) as { rows: Array<{ class: string; modelVersion: string; dismissed: number; confirmed: number }> };
      expect(rows.find((r) => r.class === cases[1]!.class && r.modelVersion === DOCK3_FOOLED_MODEL)).toMatchObject({ dismissed: 1 });
      expect(rows.find((r) => r.class === cases[0]!.class && r.modelVersion === DOCK3_FOOLED_MODEL)).toMatchObject({ dismissed: 0, confirmed: 1 });
    });

    it('dispatches all cases of an enterprise visit or none', async () => {
      await s.db.kysely.updateTable('cases').set({ enterprise_id: 'ent-demo-01' }).execute();
      const [a, b] = cases;
      // b cannot be dispatched by an officer of another department: the visit must leave a unchanged too
      const officerVisit = await srv.as('officer')('/api/v1/enterprises/ent-demo-01/visits', jsonBody({ caseIds: [a!.id, b!.id], assignee: 'nobody' }));
      expect(officerVisit.status).toBeGreaterThanOrEqual(400);
      const badAssignee = await srv.as('manager')('/api/v1/enterprises/ent-demo-01/visits', jsonBody({ caseIds: [a!.id, b!.id], assignee: 'nobody' }));
      expect(badAssignee.status).toBe(400);
      for (const c of [a!, b!]) expect((await detail(c.id)).case.status).toBe('new');
      const { assignees } = (await (await srv.as('manager')(`/api/v1/cases/${a!.id}/assignees`)).json()) as { assignees: Array<{ id: string }> };
      const ok = await srv.as('manager')('/api/v1/enterprises/ent-demo-01/visits', jsonBody({ caseIds: [a!.id, b!.id], assignee: assignees[0]!.id }));
      expect(ok.status).toBe(200);
      for (const c of [a!, b!]) expect((await detail(c.id)).case.status).toBe('dispatched');
    });
  });
});
