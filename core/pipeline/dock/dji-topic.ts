/**
 * DJI Cloud API topics (DJI-CLOUD-API.md §1): `thing/product/{sn}/{osd|state|events|requests}` and
 * `sys/product/{sn}/status`. The serial in the topic is who published (the broker's ACLs bind it to the
 * device's login); the envelope's `gateway` is only data.
 */
export type DjiChannel = 'osd' | 'state' | 'events' | 'requests' | 'status';

export interface DjiTopic {
  sn: string;
  channel: DjiChannel;
}

/** Topics the bridge subscribes to (shared wildcards over every dock). */
export const DJI_SUBSCRIPTIONS = ['thing/product/+/events', 'thing/product/+/requests', 'thing/product/+/osd', 'thing/product/+/state', 'sys/product/+/status'] as const;

const SN = /^[A-Za-z0-9_-]{1,64}$/;

export function parseDjiTopic(topic: string): DjiTopic | null {
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[1] !== 'product' || !SN.test(parts[2]!)) return null;
  const [root, , sn, channel] = parts as [string, string, string, string];
  if (root === 'thing' && (channel === 'osd' || channel === 'state' || channel === 'events' || channel === 'requests')) return { sn, channel };
  if (root === 'sys' && channel === 'status') return { sn, channel };
  return null;
}

/** Where the answer to a message on this channel goes (the received topic + "_reply"). */
export function replyTopic(topic: DjiTopic): string {
  return `${topic.channel === 'status' ? 'sys' : 'thing'}/product/${topic.sn}/${topic.channel}_reply`;
}
