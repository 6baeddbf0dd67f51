/**
 * Accounts and sign-in over HTTP: one-time passwords and the forced change, the session cookie's
 * attributes, the Origin check on cookie writes, back-off after wrong passwords, sign-out, an admin ending
 * sessions and disabling an account, named tokens, dock keys bound to their dock, and production's refusal
 * to start without an admin. Real SQLite / PostgreSQL and Redis.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertAdministrable, bootstrapData } from '../../seeds/bootstrap.ts';
import { DEPT_A, startAccessFixture, type AccessFixture } from '../helpers/access-fixture.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describeEachDb('accounts and sign-in', (kind) => {
  let s: TestServices;
  let fx: AccessFixture;
  let origin: string;
  beforeAll(async () => {
    s = await createTestServices(kind, { SIGNIN_MAX_FAILURES: '3' });
    fx = await startAccessFixture(s);
    origin = fx.base;
  });
  afterAll(async () => {
    await fx?.close();
    await s?.dispose();
  });

  const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const admin = (p: string, init: RequestInit = {}) => fetch(`${fx.base}${p}`, { ...init, headers: { authorization: `Bearer ${fx.tokens.admin}`, ...(init.headers ?? {}) } });
  const withCookie = (cookie: string, p: string, init: RequestInit = {}) => fetch(`${fx.base}${p}`, { ...init, headers: { cookie, ...(init.headers ?? {}) } });

  const addUser = async (name: string, role = 'officer', departmentId: string | null = DEPT_A) => {
    const res = await admin('/api/v1/users', json('POST', { name, role, departmentId }));
    expect(res.status).toBe(201);
    return (await res.json()) as { user: { id: string; mustChangePassword: boolean }; oneTimePassword: string };
  };
  /** Signs in and returns the cookie pair to send back and the raw Set-Cookie header. */
  const signIn = async (name: string, password: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${fx.base}/api/v1/auth/session`, json('POST', { name, password }, { origin, ...headers }));
    const setCookie = res.headers.get('set-cookie') ?? '';
    return { res, setCookie, cookie: setCookie.split(';')[0]! };
  };

  it('signs in with a one-time password into an HttpOnly SameSite=Strict cookie and allows nothing but a password change until then', async () => {
    const { oneTimePassword, user } = await addUser('张三 officer');
    expect(user.mustChangePassword).toBe(true);
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{16}$/);

    const { res, setCookie, cookie } = await signIn('张三 OFFICER', oneTimePassword);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(JSON.stringify(body)).not.toContain(cookie.split('=')[1]);
    expect(setCookie).toMatch(/^dy_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).toMatch(/; Path=\//i);
    expect(setCookie).not.toMatch(/; Secure/i);

    expect((await withCookie(cookie, '/api/v1/me')).status).toBe(200);
    const blocked = await withCookie(cookie, '/api/v1/findings');
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toMatchObject({ error: { code: 'password_change_required' } });

    // The change needs the current password, and the Origin of this site (cookie write).
    const change = { currentPassword: oneTimePassword, newPassword: 'a-much-longer-secret-1' };
    expect((await withCookie(cookie, '/api/v1/auth/password', json('POST', change))).status).toBe(403);
    expect((await withCookie(cookie, '/api/v1/auth/password', json('POST', { ...change, currentPassword: 'wrong-password-x' }, { origin }))).status).toBe(403);
    expect((await withCookie(cookie, '/api/v1/auth/password', json('POST', { ...change, newPassword: 'short' }, { origin }))).status).toBe(400);
    const elsewhere = (await signIn('张三 officer', oneTimePassword)).cookie;
    expect((await withCookie(cookie, '/api/v1/auth/password', json('POST', change, { origin }))).status).toBe(204);
    expect((await withCookie(cookie, '/api/v1/findings')).status).toBe(200);
    // The change ends the account's other sessions (whoever else knew the old password), not this one.
    expect((await withCookie(elsewhere, '/api/v1/me')).status).toBe(401);

    expect((await signIn('张三 officer', oneTimePassword)).res.status).toBe(401);
    expect((await signIn('张三 officer', change.newPassword)).res.status).toBe(200);
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted (loopback) proxy', async () => {
    const { oneTimePassword } = await addUser('secure officer');
    const { res, setCookie } = await signIn('secure officer', oneTimePassword, { 'x-forwarded-proto': 'https', origin: origin.replace('http:', 'https:') });
    expect(res.status).toBe(200);
    expect(setCookie).toMatch(/; Secure/i);
  });

  it('answers a wrong password and an unknown name alike, and backs off after repeated failures (429 with Retry-After)', async () => {
    const { oneTimePassword } = await addUser('guessed officer');
    const unknown = await signIn('nobody at all', 'whatever-password');
    const wrong = await signIn('guessed officer', 'wrong-password-1');
    expect([unknown.res.status, wrong.res.status]).toEqual([401, 401]);
    expect(await unknown.res.json()).toEqual(await wrong.res.json());
    await signIn('guessed officer', 'wrong-password-2');
    expect((await signIn('guessed officer', 'wrong-password-3')).res.status).toBe(401);
    const locked = await signIn('guessed officer', oneTimePassword);
    expect(locked.res.status).toBe(429);
    expect(Number(locked.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(locked.setCookie).toBe('');
    // Another account from the same address is not locked by it.
    const other = await addUser('unrelated officer');
    expect((await signIn('unrelated officer', other.oneTimePassword)).res.status).toBe(200);
  });

  it('refuses cookie writes from another origin, and a cookie without the Origin header', async () => {
    const { oneTimePassword, user } = await addUser('csrf officer');
    const { cookie } = await signIn('csrf officer', oneTimePassword);
    await withCookie(cookie, '/api/v1/auth/password', json('POST', { currentPassword: oneTimePassword, newPassword: 'csrf-officer-new-secret' }, { origin }));
    for (const headers of [{ origin: 'http://evil.example' }, {}, { referer: 'http://evil.example/page' }] as Array<Record<string, string>>) {
      const res = await withCookie(cookie, '/api/v1/me/tokens', json('POST', { name: 'planted' }, headers));
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect((await s.users.tokens(user.id)).map((t) => t.name)).toEqual([]);
    expect((await withCookie(cookie, '/api/v1/me/tokens', json('POST', { name: 'mine' }, { origin }))).status).toBe(201);
    // A sign-in posted from another site is refused as well (login CSRF).
    expect((await signIn('csrf officer', 'csrf-officer-new-secret', { origin: 'http://evil.example' })).res.status).toBe(403);
  });

  it('ends sessions: sign-out, a password change (the others), an admin, and disabling the account (tokens too)', async () => {
    const { oneTimePassword, user } = await addUser('session officer');
    const first = (await signIn('session officer', oneTimePassword)).cookie;
    const password = 'session-officer-secret-1';
    expect((await withCookie(first, '/api/v1/auth/password', json('POST', { currentPassword: oneTimePassword, newPassword: password }, { origin }))).status).toBe(204);
    const second = (await signIn('session officer', password)).cookie;
    const third = (await signIn('session officer', password)).cookie;

    expect((await withCookie(third, '/api/v1/auth/session', { method: 'DELETE', headers: { origin } })).status).toBe(204);
    expect((await withCookie(third, '/api/v1/me')).status).toBe(401);
    expect((await withCookie(second, '/api/v1/me')).status).toBe(200);

    const ended = (await (await admin(`/api/v1/users/${user.id}/sessions`, { method: 'DELETE' })).json()) as { ended: number };
    expect(ended.ended).toBe(2);
    expect((await withCookie(first, '/api/v1/me')).status).toBe(401);
    expect((await withCookie(second, '/api/v1/me')).status).toBe(401);

    const fourth = (await signIn('session officer', password)).cookie;
    const token = ((await (await admin(`/api/v1/users/${user.id}/tokens`, json('POST', { name: 'field tablet' }))).json()) as { token: string }).token;
    expect((await fetch(`${fx.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await admin(`/api/v1/users/${user.id}`, json('PATCH', { disabled: true }))).status).toBe(200);
    expect((await withCookie(fourth, '/api/v1/me')).status).toBe(401);
    expect((await fetch(`${fx.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await signIn('session officer', password)).res.status).toBe(401);
  });

  it('ends a live event stream once its session is ended (at the next heartbeat)', async () => {
    const { oneTimePassword, user } = await addUser('streaming officer');
    const { cookie } = await signIn('streaming officer', oneTimePassword);
    await withCookie(cookie, '/api/v1/auth/password', json('POST', { currentPassword: oneTimePassword, newPassword: 'streaming-officer-secret' }, { origin }));
    const res = await withCookie(cookie, '/api/v1/events');
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read(); // the stream is open
    await admin(`/api/v1/users/${user.id}/sessions`, { method: 'DELETE' });
    // Read until the server closes the stream (a heartbeat is 15 s; the test's own timeout bounds the wait).
    for (;;) if ((await reader.read()).done) break;
  }, 60_000);

  it('ends a session opened with a token when that token is revoked', async () => {
    const made = (await (await fetch(`${fx.base}/api/v1/me/tokens`, json('POST', { name: 'browser via token' }, { authorization: `Bearer ${fx.tokens.operator}` }))).json()) as { id: string; token: string };
    const res = await fetch(`${fx.base}/api/v1/auth/session`, json('POST', { token: made.token }, { origin }));
    expect(res.status).toBe(200);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await withCookie(cookie, '/api/v1/me')).status).toBe(200);
    expect((await fetch(`${fx.base}/api/v1/me/tokens/${made.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${fx.tokens.operator}` } })).status).toBe(204);
    expect((await withCookie(cookie, '/api/v1/me')).status).toBe(401);
  });

  it('lists named tokens without their secrets, revokes them, and never returns password hashes', async () => {
    const created = (await (await fetch(`${fx.base}/api/v1/me/tokens`, json('POST', { name: 'nightly export' }, { authorization: `Bearer ${fx.tokens.manager}` }))).json()) as { id: string; token: string };
    const mine = (await (await fetch(`${fx.base}/api/v1/me/tokens`, { headers: { authorization: `Bearer ${created.token}` } })).json()) as { tokens: Array<Record<string, unknown>> };
    expect(mine.tokens.map((t) => t.name)).toEqual(['first token', 'nightly export']);
    expect(JSON.stringify(mine)).not.toContain(created.token);
    expect(JSON.stringify(mine)).not.toMatch(/sha256|hash/i);
    expect((await fetch(`${fx.base}/api/v1/me/tokens/${created.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${fx.tokens.manager}` } })).status).toBe(204);
    expect((await fetch(`${fx.base}/api/v1/me`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(401);

    const users = await (await admin('/api/v1/users')).text();
    expect(users).toContain('张三 officer');
    expect(users).not.toMatch(/scrypt|password_hash|passwordHash|token_sha256/);
    expect((await admin('/api/v1/users', json('POST', { name: '张三 OFFICER', role: 'officer' }))).status).toBe(409);
    expect((await admin('/api/v1/users', json('POST', { name: 'x', role: 'officer', departmentId: 'no-such-department' }))).status).toBe(400);
    expect((await admin(`/api/v1/users/${fx.userIds.admin}`, json('PATCH', { role: 'manager' }))).status).toBe(409);
  });

  it("binds a dock key to its dock: it opens missions for that dock and uploads only to them (403 elsewhere); revoked, it stops", async () => {
    const key = (await (await admin(`/api/v1/docks/${fx.dockId}/keys`, json('POST', { name: 'dock roof unit' }))).json()) as { id: string; key: string; dockId: string };
    expect(key.dockId).toBe(fx.dockId);
    const dock = (p: string, init: RequestInit = {}) => fetch(`${fx.base}${p}`, { ...init, headers: { authorization: `Bearer ${key.key}`, ...(init.headers ?? {}) } });
    const photo = async () => {
      const form = new FormData();
      const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 10, g: 200, b: 30 } } }).jpeg().toBuffer();
      form.append('files', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'dock.jpg');
      return form;
    };
    const own = (await (await dock('/api/v1/missions', json('POST', { name: 'dock patrol' }))).json()) as { id: string; dockId: string };
    expect(own.dockId).toBe(fx.dockId);
    expect((await dock('/api/v1/missions', json('POST', { name: 'elsewhere', dockId: 'dock-other' }))).status).toBe(403);
    expect((await dock(`/api/v1/missions/${own.id}/images`, { method: 'POST', body: await photo() })).status).toBe(202);
    const before = (await s.images.listByMission(fx.missionId)).length;
    expect((await dock(`/api/v1/missions/${fx.missionId}/images`, { method: 'POST', body: await photo() })).status).toBe(403);
    expect((await s.images.listByMission(fx.missionId)).length).toBe(before);
    const listed = (await (await dock('/api/v1/missions')).json()) as { missions: Array<{ id: string }> };
    expect(listed.missions.map((m) => m.id)).toEqual([own.id]);

    const keys = (await (await admin(`/api/v1/docks/${fx.dockId}/keys`)).json()) as { keys: Array<{ id: string; name: string }> };
    expect(keys.keys.map((k) => k.name)).toEqual(['dock roof unit']);
    expect((await admin(`/api/v1/docks/${fx.dockId}/keys/${key.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await dock('/api/v1/missions')).status).toBe(401);
  });
});

describeEachDb('production start', (kind) => {
  let s: TestServices;
  beforeAll(async () => {
    // Production also requires the audit key (docs/security-abuse.md).
    s = await createTestServices(kind, { NODE_ENV: 'production', SEED_ON_START: 'false', AUDIT_KEY: 'a-test-audit-key-of-at-least-32-chars' });
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it('makes no demo accounts and refuses to start without an admin, saying how to make one', async () => {
    await bootstrapData(s);
    expect(await s.users.count()).toBe(0);
    await expect(assertAdministrable(s)).rejects.toThrow(/npm run user -- add <name> --role admin/);
    await s.users.create({ name: 'chief', role: 'admin', firstToken: false });
    await expect(assertAdministrable(s)).resolves.toBeUndefined();
  });
});

describe('npm run user (SQLite)', () => {
  let s: TestServices;
  beforeAll(async () => {
    s = await createTestServices('sqlite');
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it('adds the first admin with a one-time password that signs in, lists, resets and disables', async () => {
    const env = { ...process.env, DATA_DIR: s.dataDir, DATABASE_URL: s.config.DATABASE_URL, LOG_LEVEL: 'silent' };
    const cli = (...args: string[]) => spawnSync('npx', ['tsx', 'api/user.cli.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' });
    const added = cli('add', 'first admin', '--role', 'admin');
    expect(added.status, added.stderr).toBe(0);
    const password = /one-time password: (\S+)/.exec(added.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    const found = await s.users.forSignIn('first admin');
    expect(found?.user).toMatchObject({ role: 'admin', mustChangePassword: true });
    const { verifyPassword } = await import('../../core/auth/password.ts');
    expect(await verifyPassword(password!, found!.passwordHash!)).toBe(true);

    expect(cli('list').stdout).toMatch(/first admin\tadmin\t-\t-\tactive\tone-time password/);
    expect(cli('add', 'first admin', '--role', 'admin').status).toBe(1);
    const bad = cli('add', 'someone', '--role', 'boss');
    expect([bad.status, bad.stderr]).toEqual([1, expect.stringContaining('--role must be one of')]);
    const reset = cli('reset-password', 'first admin');
    const again = /one-time password for "first admin": (\S+)/.exec(reset.stdout)?.[1];
    expect(await verifyPassword(again!, (await s.users.forSignIn('first admin'))!.passwordHash!)).toBe(true);
    expect(cli('disable', 'first admin').status).toBe(0);
    expect((await s.users.forSignIn('first admin'))!.disabled).toBe(true);
  }, 300_000); // six starts of tsx on a busy machine
});
