/**
 * Signing in with a password in headless Chromium against the real server: an admin makes an account
 * (one-time password), the person signs in, is sent to the password change first, sets a new password,
 * reaches the map; no token or session id is anywhere page scripts can read (localStorage,
 * sessionStorage, document.cookie), and the session cookie is HttpOnly and SameSite=Strict. Signing out
 * ends the session on the server, not just in the page. Then the admin pages list the account.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launch, shot } from './helpers/browser.harness.ts';
import { startServer, type TestServer } from './helpers/server.harness.ts';

const STEP = 180_000;

describeBrowser('sign-in with a password in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ QUEUE_PREFIX: `e2esignin${process.pid}` });
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Everything page scripts can read that could hold a credential. */
  const scriptVisible = () =>
    page.evaluate(() => ({
      local: Object.entries(localStorage),
      session: Object.entries(sessionStorage),
      cookie: document.cookie,
    }));

  it('signs in with name and password, forces the password change, and keeps every credential out of reach of scripts', async () => {
    const admin = { authorization: `Bearer ${server.tokens.admin}`, 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/api/v1/users`, { method: 'POST', headers: admin, body: JSON.stringify({ name: '李四', role: 'officer', departmentId: 'dept-port-ajj' }) });
    expect(created.status).toBe(201);
    const { oneTimePassword } = (await created.json()) as { oneTimePassword: string };

    await page.goto(`${server.url}/#/login`);
    await page.getByLabel(/^(用户名|Name)$/).fill('李四');
    await page.getByLabel(/^(密码|Password)$/).fill(oneTimePassword);
    await page.getByRole('button', { name: /^(登录|Log in)$/ }).click();
    await page.waitForURL(/#\/account/);
    await shot(page, 'signin-01-forced-password-change');

    const newPassword = 'li-si-own-password-2026';
    await page.getByLabel(/^(当前密码|Current password)$/).fill(oneTimePassword);
    await page.getByLabel(/^(新密码|New password)/).fill(newPassword);
    await page.getByLabel(/^(再次输入新密码|New password again)$/).fill(newPassword);
    await page.getByRole('button', { name: /^(保存|Save)$/ }).click();
    await page.waitForURL(/#\/map/);
    await expect(page.locator('.topbar .user').getAttribute('data-role')).resolves.toBe('officer');
    await shot(page, 'signin-02-map');

    const cookies = await context.cookies(server.url);
    const session = cookies.find((c) => c.name === 'dy_session');
    expect(session, 'the session cookie').toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe('Strict');
    expect(session!.value.length).toBeGreaterThanOrEqual(40);

    const visible = await scriptVisible();
    expect(visible.local, 'localStorage holds no credential').not.toContainEqual(expect.arrayContaining([expect.stringMatching(/token|session/i)]));
    const everything = JSON.stringify(visible);
    for (const secret of [session!.value, server.tokens.officer, server.tokens.admin, oneTimePassword, newPassword]) expect(everything).not.toContain(secret);
    expect(visible.cookie).not.toContain('dy_session');

    // The page's own API calls (findings for the map) went through with the cookie alone.
    const findings = await page.evaluate(async () => (await fetch('api/v1/findings')).status);
    expect(findings).toBe(200);

    // Signing out ends the session on the server: the old cookie value no longer works anywhere.
    await page.getByRole('button', { name: /^(退出|Log out)$/ }).click();
    await page.waitForURL(/#\/login/);
    await expect.poll(async () => (await fetch(`${server.url}/api/v1/me`, { headers: { cookie: `dy_session=${session!.value}` } })).status).toBe(401);
    expect((await context.cookies(server.url)).find((c) => c.name === 'dy_session')).toBeUndefined();

    // A wrong password is refused and nobody is signed in.
    await page.getByLabel(/^(用户名|Name)$/).fill('李四');
    await page.getByLabel(/^(密码|Password)$/).fill('not-the-password');
    await page.getByRole('button', { name: /^(登录|Log in)$/ }).click();
    await page.locator('.form-msg.error').waitFor();
    await expect(page.locator('.topbar .user').count()).resolves.toBe(0);
  }, STEP);

  it('shows the admin pages to an admin: the new account, departments and docks with a new key', async () => {
    await page.goto(`${server.url}/#/login`);
    await page.getByLabel(/访问令牌|Access token/).fill(server.tokens.admin);
    await page.getByRole('button', { name: /^(登录|Log in)$/ }).click();
    await page.locator('.topbar .user[data-role="admin"]').waitFor();
    await page.goto(`${server.url}/#/admin/users`);
    await page.locator('.admin table').getByText('李四').waitFor();
    await shot(page, 'signin-03-admin-users');
    await page.goto(`${server.url}/#/admin/docks`);
    await page.locator('.admin table tbody tr').first().waitFor();
    await page.locator('.admin table tbody tr').first().getByRole('button', { name: /^(新建密钥|New key)$/ }).click();
    await page.locator('.admin .form-msg').getByText(/密钥|key/).waitFor();
    await shot(page, 'signin-04-admin-docks');
    expect(JSON.stringify(await scriptVisible())).not.toContain(server.tokens.admin);
    expect(pageErrors).toEqual([]);
  }, STEP);
});
