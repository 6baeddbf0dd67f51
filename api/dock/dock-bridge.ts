/**
 * The dock bridge (ROLE=dock-bridge): an MQTT client of the docks' broker speaking the DJI Cloud API.
 * It subscribes to every dock's events, requests, osd, state and status topics, finds the dock by the
 * serial in the topic (unknown serials are logged once an hour and ignored), handles each dock's
 * messages in order, and answers on the matching _reply topic where DJI expects an answer.
 * Several bridges may run: they share the subscriptions ($share/<group>/...), so each message is
 * handled by one of them.
 */
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { DockRecord } from '../../core/db/repositories/docks.repository.ts';
import { parseEnvelope, replyEnvelope, type DjiEnvelope } from '../../core/pipeline/dock/dji-envelope.ts';
import { DJI_SUBSCRIPTIONS, parseDjiTopic, replyTopic, type DjiTopic } from '../../core/pipeline/dock/dji-topic.ts';
import type { Services } from '../../core/services.ts';
import { createS3Client } from '../../core/storage/s3-client.ts';
import { DockStorage } from './dock-storage.ts';
import { onEvent, onOsd, onRequest, onStatus, type DockContext, type Reply } from './dock-messages.ts';
import { LogOnce } from './log-once.ts';

const SEEN_RESOLUTION_MS = 5_000;

export interface DockBridge {
  client: MqttClient;
  /** Resolves when every message received so far has been handled (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDockBridge(s: Services): Promise<DockBridge> {
  const log = s.log.child({ component: 'dock-bridge' });
  const ctx: DockContext = {
    s: { ...s, log },
    bucket: { client: createS3Client(s.config), bucket: s.config.S3_BUCKET! },
    storage: new DockStorage(s.config),
    logOnce: new LogOnce(log),
  };
  const client = await mqtt.connectAsync(s.config.MQTT_URL, {
    clientId: `dy-bridge-${s.config.QUEUE_PREFIX}-${randomUUID().slice(0, 8)}`,
    ...(s.config.MQTT_USERNAME ? { username: s.config.MQTT_USERNAME, password: s.config.MQTT_PASSWORD } : {}),
    reconnectPeriod: 2_000,
    connectTimeout: 10_000,
  });
  client.on('error', (error) => log.error({ err: error }, 'MQTT error'));
  client.on('reconnect', () => log.warn('MQTT reconnecting'));

  // One chain per dock keeps its messages in order; docks proceed in parallel.
  const chains = new Map<string, Promise<void>>();
  client.on('message', (topic, payload) => {
    const parsed = parseDjiTopic(topic);
    if (!parsed) return;
    const previous = chains.get(parsed.sn) ?? Promise.resolve();
    const next = previous
      .then(() => handle(ctx, client, parsed, payload))
      .catch((error: unknown) => log.error({ err: error, topic }, 'dock message failed'))
      .finally(() => {
        if (chains.get(parsed.sn) === next) chains.delete(parsed.sn);
      });
    chains.set(parsed.sn, next);
  });

  const group = `${s.config.QUEUE_PREFIX}-dock-bridge`;
  const subscriptions = DJI_SUBSCRIPTIONS.map((t) => `$share/${group}/${t}`);
  await client.subscribeAsync(subscriptions, { qos: 1 });
  log.info(`dock bridge on ${s.config.MQTT_URL.replace(/\/\/[^@/]*@/, '//')} (bucket ${s.config.S3_BUCKET}, keys for docks: ${ctx.storage.scoped ? 'STS, scoped to each dock' : 'the static keys'})`);

  const idle = async () => {
    while (chains.size > 0) await Promise.all([...chains.values()]);
  };
  return {
    client,
    idle,
    /** Stops taking messages, lets those in hand finish (their replies still go out), then disconnects. */
    async stop() {
      await client.unsubscribeAsync(subscriptions).catch(() => undefined);
      await idle();
      await client.endAsync();
    },
  };
}

async function handle(ctx: DockContext, client: MqttClient, topic: DjiTopic, payload: Buffer): Promise<void> {
  const { s, logOnce } = ctx;
  const parsed = parseEnvelope(payload, s.config.DOCK_MAX_MESSAGE_BYTES);
  if (!parsed.ok) {
    logOnce.warn(`${parsed.reason}:${topic.sn}:${topic.channel}`, { sn: topic.sn, channel: topic.channel, detail: parsed.detail }, `dock message dropped: ${parsed.reason}`);
    return;
  }
  const env = parsed.envelope;
  const dock = await findDock(s, topic);
  if (!dock?.serial) {
    logOnce.warn(`unknown-dock:${topic.sn}`, { sn: topic.sn, channel: topic.channel }, 'message from an unregistered serial number ignored');
    return;
  }
  // The topic is who published (the broker authenticated it); a gateway field naming another dock is refused.
  if (topic.channel !== 'osd' && topic.channel !== 'state' && env.gateway && env.gateway !== dock.serial) {
    logOnce.warn(`gateway-mismatch:${topic.sn}`, { sn: topic.sn, gateway: env.gateway }, 'message whose gateway differs from its topic ignored');
    return;
  }
  // OSD arrives every couple of seconds: "last seen" need not be written each time.
  const now = Date.now();
  if (!dock.online || !dock.lastSeenAt || now - Date.parse(dock.lastSeenAt) > SEEN_RESOLUTION_MS) await s.docks.markSeen(dock.id, new Date(now).toISOString());
  let reply: Reply = null;
  switch (topic.channel) {
    case 'requests':
      reply = await onRequest(ctx, dock, env);
      break;
    case 'events': {
      const answer = await onEvent(ctx, dock, env);
      reply = env.need_reply === 1 ? answer : null;
      break;
    }
    case 'status':
      reply = await onStatus(ctx, dock, env);
      break;
    case 'osd':
      await onOsd(ctx, dock, topic.sn, env);
      break;
    case 'state':
      break;
  }
  if (reply) await publishReply(client, topic, env, reply);
}

async function findDock(s: Services, topic: DjiTopic): Promise<DockRecord | null> {
  const dock = await s.docks.bySerial(topic.sn);
  if (dock || (topic.channel !== 'osd' && topic.channel !== 'state')) return dock;
  return s.docks.byAircraftSerial(topic.sn);
}

function publishReply(client: MqttClient, topic: DjiTopic, env: DjiEnvelope, reply: NonNullable<Reply>): Promise<unknown> {
  // QoS 1 for replies: the Java demo uses 2; our broker link is the same, and 1 with idempotent handling is enough.
  return client.publishAsync(replyTopic(topic), JSON.stringify(replyEnvelope(env, reply.result, reply.output)), { qos: 1 });
}
