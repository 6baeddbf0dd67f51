/**
 * DingTalk custom robot "加签" signing: sign = urlencode(base64(HMAC-SHA256(key = secret,
 * message = timestamp + "\n" + secret))), with the timestamp in epoch milliseconds, sent as
 * `&timestamp=...&sign=...` on the webhook URL. DingTalk refuses a timestamp more than an hour off.
 */
import { createHmac } from 'node:crypto';

/** The URL-encoded signature for a timestamp (epoch ms). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

/** The webhook URL with `timestamp` and `sign` appended for `now`. */
export function signDingtalkUrl(url: string, secret: string, now: Date): string {
  const ts = now.getTime();
  return `${url}${url.includes('?') ? '&' : '?'}timestamp=${ts}&sign=${dingtalkSign(secret, ts)}`;
}
