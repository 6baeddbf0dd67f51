/**
 * Sends webhook requests only where webhook-address.ts allows, checked on every request after resolving
 * the name and at connect time: the socket connects to the very address that was checked (a `lookup` of
 * our own), so a name that resolves to a public address when the hook is saved and to 127.0.0.1 later
 * (DNS rebinding) is refused when it matters. Redirects are never followed.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { BadInputError } from '../errors.ts';
import { refusedAddress, webhookUrlParts } from '../pipeline/alerts/webhook-address.ts';

export class WebhookTargetError extends BadInputError {
  constructor(url: string, why: string) {
    super('webhook_target_refused', `webhook URL ${redactUrl(url)} is refused: ${why}`);
  }
}

/** The URL without its path and query (robot URLs carry their access token there). */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '(not a URL)';
  }
}

/** Checks a URL and every address its name resolves to. Throws WebhookTargetError. */
export async function assertWebhookTarget(url: string, allowPrivate: boolean): Promise<void> {
  const parts = webhookUrlParts(url);
  if (typeof parts === 'string') throw new WebhookTargetError(url, parts);
  const literal = net.isIP(parts.hostname) !== 0;
  const addresses = literal ? [parts.hostname] : await resolveAll(url, parts.hostname);
  for (const address of addresses) {
    const why = refusedAddress(address, allowPrivate);
    if (why) throw new WebhookTargetError(url, literal ? why : `${parts.hostname} resolves to ${why}`);
  }
}

async function resolveAll(url: string, hostname: string): Promise<string[]> {
  try {
    return (await dnsLookupAsync(hostname, { all: true })).map((a) => a.address);
  } catch (error) {
    throw new WebhookTargetError(url, `${hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export interface WebhookResponse {
  status: number;
}

/**
 * POSTs `body` to `url` (checked as above), never following a redirect. Rejects on network errors and
 * refusals, and when no answer came within `timeoutMs` (in all, not per byte).
 */
export async function postWebhook(url: string, headers: Record<string, string>, body: string, opts: { allowPrivate: boolean; timeoutMs: number }): Promise<WebhookResponse> {
  await assertWebhookTarget(url, opts.allowPrivate);
  const target = new URL(url);
  // Connect-time check: the socket goes to the address this lookup returns, after it passed the same test.
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const refused = addresses.map((a) => refusedAddress(a.address, opts.allowPrivate)).find(Boolean);
      if (refused) return callback(new WebhookTargetError(url, `${hostname} now resolves to ${refused}`), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup }, (res) => {
      clearTimeout(deadline);
      // The status is the answer; the body is dropped, so a target that trickles it holds nothing.
      resolve({ status: res.statusCode ?? 0 });
      res.destroy();
    });
    const deadline = setTimeout(() => req.destroy(new Error(`webhook did not answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    req.end(body);
  });
}
