/**
 * A scripted DJI dock for tests: an MQTT client of the real broker that publishes the Cloud API's
 * envelopes (tid, bid, timestamp, gateway, method, data) on its own serial's topics and collects the
 * bridge's replies by tid; plus uploads to the bucket with the keys storage_config_get handed it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import mqtt, { type MqttClient } from 'mqtt';

export const TEST_MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

export interface Envelope {
  tid: string;
  bid: string;
  timestamp: number;
  gateway: string;
  method?: string;
  need_reply?: number;
  data: unknown;
}

export interface DockReply {
  tid: string;
  bid: string;
  method: string;
  data: { result: number; output?: Record<string, unknown> };
}

export interface StorageGrant {
  bucket: string;
  endpoint: string;
  region: string;
  provider: string;
  object_key_prefix: string;
  credentials: { access_key_id: string; access_key_secret: string; security_token: string; expire: number };
}

export class ScriptedDock {
  readonly replies: Array<{ topic: string; reply: DockReply }> = [];
  /** Every envelope this dock published, to replay exactly. */
  readonly sent: Envelope[] = [];
  private clock = Date.now();

  private constructor(
    readonly serial: string,
    private readonly client: MqttClient,
  ) {
    client.on('message', (topic, payload) => this.replies.push({ topic, reply: JSON.parse(payload.toString()) as DockReply }));
  }

  static async connect(serial: string): Promise<ScriptedDock> {
    const client = await mqtt.connectAsync(TEST_MQTT_URL, { clientId: `test-dock-${serial}` });
    await client.subscribeAsync([`thing/product/${serial}/requests_reply`, `thing/product/${serial}/events_reply`, `sys/product/${serial}/status_reply`], { qos: 1 });
    return new ScriptedDock(serial, client);
  }

  /** A fresh envelope; each one is a little later than the last unless a time is given. */
  envelope(method: string | undefined, data: unknown, options: { needReply?: boolean; timestamp?: number; bid?: string; tid?: string } = {}): Envelope {
    this.clock += 1000;
    return {
      tid: options.tid ?? randomUUID(),
      bid: options.bid ?? randomUUID(),
      timestamp: options.timestamp ?? this.clock,
      gateway: this.serial,
      ...(method ? { method } : {}),
      ...(options.needReply ? { need_reply: 1 } : {}),
      data,
    };
  }

  async publish(channel: string, message: Envelope | string | Buffer, serial = this.serial): Promise<void> {
    const root = channel === 'status' ? 'sys' : 'thing';
    if (typeof message === 'object' && !Buffer.isBuffer(message)) this.sent.push(message);
    const body = typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message);
    await this.client.publishAsync(`${root}/product/${serial}/${channel}`, body, { qos: 1 });
  }

  /** Publishes and waits for the reply with the same tid. */
  /** Publishes and waits for the reply with the same tid (a new one: a replayed message gets its own). */
  async call(channel: string, message: Envelope, timeoutMs = 60_000): Promise<DockReply> {
    const from = this.replies.length;
    await this.publish(channel, message);
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.replies.slice(from).find((r) => r.reply.tid === message.tid);
      if (hit) return hit.reply;
      if (Date.now() > until) throw new Error(`no reply to tid ${message.tid}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  repliesTo(tid: string): DockReply[] {
    return this.replies.filter((r) => r.reply.tid === tid).map((r) => r.reply);
  }

  /** Uploads a file the way a dock does: with the keys and prefix it was granted. */
  async upload(grant: StorageGrant, objectKey: string, file: string): Promise<void> {
    const client = new S3Client({
      region: grant.region,
      endpoint: grant.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: grant.credentials.access_key_id, secretAccessKey: grant.credentials.access_key_secret, ...(grant.credentials.security_token ? { sessionToken: grant.credentials.security_token } : {}) },
    });
    await client.send(new PutObjectCommand({ Bucket: grant.bucket, Key: objectKey, Body: readFileSync(file) }));
    client.destroy();
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
