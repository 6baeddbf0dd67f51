/**
 * A small world for access tests: two departments, one photo with a finding and a case in department A,
 * an enterprise of A, a dock, and one account per role (officers of A, of B, and of none), each with a
 * bearer token; plus a revoked token. Rows are written through the repositories; the photo is a real
 * JPEG made by sharp and uploaded through the API by the operator.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import sharp from 'sharp';
import { createApp } from '../../api/app.ts';
import type { Role } from '../../core/domain.ts';
import { redisConnection } from '../../core/queue/redis-connection.ts';
import type { TestServices } from './test-services.ts';

export const DEPT_A = 'dept-a';
export const DEPT_B = 'dept-b';

export type Caller = Role | 'officerB' | 'officerNone';

export interface AccessFixture {
  base: string;
  app: ReturnType<typeof createApp>;
  tokens: Record<Caller, string>;
  userIds: Record<Caller, string>;
  revokedToken: string;
  missionId: string;
  imageId: string;
  caseId: string;
  findingId: string;
  enterpriseId: string;
  dockId: string;
  spareUserId: string;
  close(): Promise<void>;
}

export async function startAccessFixture(s: TestServices): Promise<AccessFixture> {
  for (const [id, name] of [
    [DEPT_A, '甲 Department A'],
    [DEPT_B, '乙 Department B'],
  ] as const) {
    await s.geo.upsertDepartment({ id, name, nameEn: null, district: null });
  }
  const dockId = 'dock-fixture';
  await s.geo.upsertDock({ id: dockId, name: 'fixture dock', lat: 37.4, lon: 118.5, droneModel: 'M4TD' });
  const enterpriseId = 'ent-fixture-a';
  await s.geo.upsertEnterprise({ id: enterpriseId, name: 'fixture enterprise', departmentId: DEPT_A, gridOfficer: null, district: null, address: null });

  const accounts: Array<[Caller, Role, string | null]> = [
    ['operator', 'operator', null],
    ['officer', 'officer', DEPT_A],
    ['officerB', 'officer', DEPT_B],
    ['officerNone', 'officer', null],
    ['manager', 'manager', null],
    ['admin', 'admin', null],
    ['dock', 'dock', null],
  ];
  const tokens = {} as Record<Caller, string>;
  const userIds = {} as Record<Caller, string>;
  for (const [caller, role, departmentId] of accounts) {
    const { user, token } = await s.users.create({ name: `fixture ${caller}`, role, departmentId });
    tokens[caller] = token;
    userIds[caller] = user.id;
  }
  const revoked = await s.users.createToken(userIds.officer, 'to revoke', null);
  await s.users.revokeToken(userIds.officer, revoked.record.id);
  const spareUserId = (await s.users.create({ name: 'fixture spare', role: 'operator', firstToken: false })).user.id;

  await s.events.listen(redisConnection(s.redisUrl));
  const app = createApp(s);
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const as = (caller: Caller) => (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${tokens[caller]}`, ...(init.headers ?? {}) } });

  const mission = (await (await as('operator')('/api/v1/missions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'fixture patrol' }) })).json()) as { id: string };
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 120, g: 90, b: 60 } } }).jpeg().toBuffer();
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'fixture.jpg');
  const upload = await as('operator')(`/api/v1/missions/${mission.id}/images`, { method: 'POST', body: form });
  if (upload.status !== 202) throw new Error(`fixture upload failed: ${upload.status} ${await upload.text()}`);
  const imageId = ((await upload.json()) as { images: Array<{ id: string }> }).images[0]!.id;

  const now = new Date().toISOString();
  const caseId = 'case-fixture-a';
  await s.cases.insert({
    id: caseId, caseNo: 'DY-2026-900001', class: 'fire', status: 'new', severity: 'critical', violation: 'open fire', lat: 37.4, lon: 118.5, district: null, enterpriseId, departmentId: DEPT_A,
    assignee: null, dueAt: null, rectificationDays: 1, sightings: 1, reopenCount: 0, modelId: null, openedAt: now, confirmedAt: null, dismissedAt: null, closedAt: null, updatedAt: now, alertedAt: null,
  });
  const findingId = 'finding-fixture-a';
  await s.db.kysely
    .insertInto('findings')
    .values({
      id: findingId, detection_id: 'det-fixture', image_id: imageId, mission_id: mission.id, case_id: caseId, class: 'fire', score: 0.9, severity: 'critical', violation: 'open fire',
      lat: 37.4, lon: 118.5, zones: '[]', district: null, enterprise_id: enterpriseId, department_id: DEPT_A, model_id: 'fixture@1', captured_at: now, created_at: now,
    })
    .execute();

  return {
    base,
    app,
    tokens,
    userIds,
    revokedToken: revoked.token,
    missionId: mission.id,
    imageId,
    caseId,
    findingId,
    enterpriseId,
    dockId,
    spareUserId,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
