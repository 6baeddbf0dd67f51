/**
 * What a dock gets from storage_config_get (DJI-CLOUD-API.md §2): the bucket, endpoint, region, provider,
 * its own object key prefix and keys. With S3_STS_ROLE_ARN the keys are temporary (STS AssumeRole) and a
 * session policy limits them to the dock's prefix; without it the bridge hands out the static keys, which
 * reach the whole bucket (say so to whoever runs the storage, docs/docks.md).
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Config } from '../../core/config.ts';
import { dockObjectPrefix, dockSessionPolicy } from '../../core/pipeline/dock/session-policy.ts';

export interface DockStorageConfig {
  bucket: string;
  endpoint: string;
  region: string;
  provider: string;
  object_key_prefix: string;
  credentials: { access_key_id: string; access_key_secret: string; security_token: string; expire: number };
}

export class DockStorage {
  private readonly sts: STSClient | null;

  constructor(private readonly config: Readonly<Config>) {
    this.sts = config.S3_STS_ROLE_ARN
      ? new STSClient({
          region: config.S3_REGION,
          // MinIO answers STS on its S3 endpoint; AWS has its own.
          ...((config.S3_STS_ENDPOINT ?? (config.S3_PROVIDER === 'minio' ? config.S3_ENDPOINT : undefined)) ? { endpoint: config.S3_STS_ENDPOINT ?? config.S3_ENDPOINT } : {}),
          ...(config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY ? { credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } } : {}),
        })
      : null;
  }

  /** The prefix a dock's uploads must sit under. */
  prefixOf(serial: string): string {
    return dockObjectPrefix(this.config.S3_PREFIX, serial);
  }

  get scoped(): boolean {
    return this.sts !== null;
  }

  async configFor(serial: string): Promise<DockStorageConfig> {
    const c = this.config;
    const prefix = this.prefixOf(serial);
    const base = { bucket: c.S3_BUCKET!, endpoint: c.S3_DOCK_ENDPOINT ?? c.S3_ENDPOINT ?? `https://s3.${c.S3_REGION}.amazonaws.com`, region: c.S3_REGION, provider: c.S3_PROVIDER, object_key_prefix: prefix };
    if (this.sts) {
      const answer = await this.sts.send(
        new AssumeRoleCommand({ RoleArn: c.S3_STS_ROLE_ARN!, RoleSessionName: `dock-${serial}`.slice(0, 64), DurationSeconds: c.DOCK_CREDENTIALS_TTL_S, Policy: dockSessionPolicy(c.S3_BUCKET!, prefix) }),
      );
      const k = answer.Credentials;
      if (!k?.AccessKeyId || !k.SecretAccessKey || !k.SessionToken) throw new Error('STS AssumeRole answered without credentials');
      const expire = k.Expiration ? Math.max(0, Math.floor((k.Expiration.getTime() - Date.now()) / 1000)) : c.DOCK_CREDENTIALS_TTL_S;
      return { ...base, credentials: { access_key_id: k.AccessKeyId, access_key_secret: k.SecretAccessKey, security_token: k.SessionToken, expire } };
    }
    if (!c.S3_ACCESS_KEY_ID || !c.S3_SECRET_ACCESS_KEY) throw new Error('no keys to hand to docks: set S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY or S3_STS_ROLE_ARN');
    return { ...base, credentials: { access_key_id: c.S3_ACCESS_KEY_ID, access_key_secret: c.S3_SECRET_ACCESS_KEY, security_token: '', expire: c.DOCK_CREDENTIALS_TTL_S } };
  }
}
