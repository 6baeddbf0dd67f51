/**
 * Links an alert can carry to someone without an account here (a DingTalk or WeCom group): the path,
 * an expiry and an HMAC-SHA256 of both under the server's link secret. Whoever has the link sees that
 * one photo until it expires; nothing else is opened by it, and a changed path or expiry fails.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The path an alert's photo link points at (signed by the notify side, checked by the public route). */
export const signedPhotoPath = (imageId: string): string => `/api/v1/signed/images/${encodeURIComponent(imageId)}/annotated`;

const signature = (path: string, expiresAtS: number, secret: string): string => createHmac('sha256', secret).update(`${path}\n${expiresAtS}`).digest('base64url');

/** `path?exp=<unix s>&sig=<base64url>`, valid for `ttlS` seconds from `now`. */
export function signPath(path: string, secret: string, ttlS: number, now: Date): string {
  const exp = Math.floor(now.getTime() / 1000) + Math.round(ttlS);
  return `${path}?exp=${exp}&sig=${signature(path, exp, secret)}`;
}

/** Why a signed link is refused, or null when it holds. */
export function checkSignedPath(path: string, exp: unknown, sig: unknown, secret: string, now: Date): 'missing' | 'expired' | 'invalid' | null {
  if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp)) return 'missing';
  const expected = Buffer.from(signature(path, Number(exp), secret));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  if (Number(exp) * 1000 < now.getTime()) return 'expired';
  return null;
}
