/** scrypt password hashes: per-password salt, parameters kept beside the hash, wrong or damaged input refused. */
import { describe, expect, it } from 'vitest';
import { hashPassword, oneTimePassword, verifyPassword } from '../../../../core/auth/password.ts';
import { lockMs } from '../../../../core/auth/sign-in-backoff.ts';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('treats NFKC-equivalent spellings as one password (full-width input from a Chinese IME)', async () => {
    const stored = await hashPassword('Secret-2026-abc');
    expect(await verifyPassword('Ｓｅｃｒｅｔ－２０２６－ａｂｃ', stored)).toBe(true);
  });

  it('refuses damaged or foreign stored values instead of throwing', async () => {
    const stored = await hashPassword('some password 1');
    const parts = stored.split('$');
    expect(await verifyPassword('some password 1', parts.slice(0, 5).join('$'))).toBe(false);
    expect(await verifyPassword('some password 1', ['bcrypt', ...parts.slice(1)].join('$'))).toBe(false);
    expect(await verifyPassword('some password 1', [...parts.slice(0, 5), Buffer.alloc(32, 1).toString('base64')].join('$'))).toBe(false);
    expect(await verifyPassword('some password 1', '')).toBe(false);
  });

  it('makes one-time passwords of 16 characters without look-alikes, all different', () => {
    const many = new Set(Array.from({ length: 200 }, () => oneTimePassword()));
    expect(many.size).toBe(200);
    for (const p of many) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
  });
});

describe('sign-in back-off', () => {
  it('locks from the limit on for 30 s, doubling up to 15 minutes', () => {
    expect([1, 4].map((n) => lockMs(n, 5))).toEqual([0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50].map((n) => lockMs(n, 5) / 1000)).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });
});
