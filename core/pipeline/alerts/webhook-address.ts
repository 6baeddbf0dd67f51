/**
 * Which addresses a webhook may reach. A webhook is a request the server makes on an admin's word, so
 * it must not become a way into the server's own network: loopback, link-local (169.254.169.254 is the
 * cloud metadata service), private, unique-local and carrier-grade NAT targets are refused unless the
 * deployment allows them (WEBHOOK_ALLOW_PRIVATE, for robots inside a government network); unspecified,
 * multicast, broadcast and reserved addresses never. Pure: the caller resolves names.
 */
import ipaddr from 'ipaddr.js';

const PRIVATE_RANGES = new Set(['loopback', 'linkLocal', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** Null when the address may be reached, else why not. IPv4-mapped IPv6 is judged as the IPv4 it carries. */
export function refusedAddress(address: string, allowPrivate: boolean): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return null;
  if (PRIVATE_RANGES.has(range)) return allowPrivate ? null : `${address} is a ${range} address (set WEBHOOK_ALLOW_PRIVATE=true to allow webhooks inside your network)`;
  return `${address} is a ${range} address`;
}

/** The URL's scheme and host, or why it cannot be a webhook at all (http and https only). */
export function webhookUrlParts(url: string): { protocol: 'http:' | 'https:'; hostname: string } | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${parsed.protocol} URLs are not allowed (http or https only)`;
  if (parsed.username || parsed.password) return 'credentials in the URL are not allowed';
  // URL keeps IPv6 literals in brackets.
  return { protocol: parsed.protocol, hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1') };
}
