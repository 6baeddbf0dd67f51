/** Which addresses and URLs a webhook may reach (ipaddr.js ranges), with and without WEBHOOK_ALLOW_PRIVATE. */
import { expect, it } from 'vitest';
import { refusedAddress, webhookUrlParts } from '../../../../core/pipeline/alerts/webhook-address.ts';

it('lets public unicast addresses through', () => {
  for (const a of ['8.8.8.8', '120.92.1.1', '2400:3200::1']) expect(refusedAddress(a, false), a).toBeNull();
});

it('refuses loopback, link-local, private, unique-local and CGNAT unless allowed', () => {
  const cases: Array<[string, string]> = [
    ['127.0.0.1', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'], ['169.254.169.254', 'linkLocal'], ['fe80::1', 'linkLocal'],
    ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['192.168.0.1', 'private'], ['fd12:3456::1', 'uniqueLocal'], ['100.64.0.1', 'carrierGradeNat'],
  ];
  for (const [address, range] of cases) {
    expect(refusedAddress(address, false), address).toMatch(new RegExp(`is a ${range} address \\(set WEBHOOK_ALLOW_PRIVATE=true`));
    expect(refusedAddress(address, true), address).toBeNull();
  }
});

it('always refuses unspecified, multicast, broadcast and reserved addresses', () => {
  for (const a of ['0.0.0.0', '::', '224.0.0.1', '255.255.255.255', '240.0.0.1']) {
    expect(refusedAddress(a, true), a).toMatch(/is a \w+ address$/);
  }
  expect(refusedAddress('not-an-ip', true)).toMatch(/not an IP address/);
});

it('takes http(s) URLs only, without credentials, and unwraps IPv6 literals', () => {
  expect(webhookUrlParts('https://oapi.dingtalk.com/robot/send?access_token=x')).toEqual({ protocol: 'https:', hostname: 'oapi.dingtalk.com' });
  expect(webhookUrlParts('http://[::1]:8080/x')).toEqual({ protocol: 'http:', hostname: '::1' });
  expect(webhookUrlParts('file:///etc/passwd')).toMatch(/file: URLs are not allowed/);
  expect(webhookUrlParts('gopher://h/x')).toMatch(/gopher: URLs are not allowed/);
  expect(webhookUrlParts('https://u:p@h/x')).toMatch(/credentials/);
  expect(webhookUrlParts('::nonsense')).toBe('not a URL');
});
