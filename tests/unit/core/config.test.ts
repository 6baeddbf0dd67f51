import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../core/config.ts';

describe('config', () => {
  it('has working defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.ROLE).toBe('all');
    expect(c.DATABASE_URL).toMatch(/^sqlite:.*data\/app\.sqlite$/);
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names every bad key at once', () => {
    try {
      loadConfig({ PORT: 'eighty', ROLE: 'everything', DATABASE_URL: 'mysql://x', TILE_OVERLAP: '2', SEED_ON_START: 'maybe' });
      expect.unreachable('loadConfig accepted bad values');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const keys = (error as ConfigError).issues.map((i) => i.split('=')[0]);
      expect(keys.sort()).toEqual(['DATABASE_URL', 'PORT', 'ROLE', 'SEED_ON_START', 'TILE_OVERLAP']);
      expect((error as Error).message).toContain('PORT="eighty"');
    }
  });

  it('reads booleans and numbers from strings and ignores empty values', () => {
    const c = loadConfig({ PORT: '8080', REDIS_AUTOSTART: 'false', BASEMAP_OFFLINE: '1', DATA_DIR: '', ROLE: 'worker' });
    expect(c).toMatchObject({ PORT: 8080, REDIS_AUTOSTART: false, BASEMAP_OFFLINE: true, ROLE: 'worker' });
    expect(c.DATA_DIR).toMatch(/data$/);
  });

  it('holds back implausibly sized detections unless GROUND_SIZE_CHECK is off', () => {
    expect(loadConfig({}).GROUND_SIZE_CHECK).toBe(true);
    expect(loadConfig({ GROUND_SIZE_CHECK: 'false' }).GROUND_SIZE_CHECK).toBe(false);
  });

  it("shrinks photos sharper than the model's resolution unless DETECT_RESAMPLE is off", () => {
    expect(loadConfig({}).DETECT_RESAMPLE).toBe(true);
    expect(loadConfig({ DETECT_RESAMPLE: 'false' }).DETECT_RESAMPLE).toBe(false);
  });
});

describe('config: blob store, S3 and the dock bridge', () => {
  it('keeps blobs in the local folder unless told otherwise, and needs a bucket for S3 and the bridge', () => {
    expect(loadConfig({}).BLOB_STORE).toBe('local');
    expect(() => loadConfig({ BLOB_STORE: 's3' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ ROLE: 'dock-bridge' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ BLOB_STORE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })).toThrow(/set both or neither/);
    const c = loadConfig({ ROLE: 'dock-bridge', BLOB_STORE: 's3', S3_BUCKET: 'b', S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: 'city-a/' });
    expect(c).toMatchObject({ ROLE: 'dock-bridge', S3_FORCE_PATH_STYLE: true, S3_PREFIX: 'city-a/', MQTT_URL: 'mqtt://127.0.0.1:1883', DOCK_MAX_MESSAGE_BYTES: 262144 });
    expect(() => loadConfig({ S3_PREFIX: 'no-slash' })).toThrow(/S3_PREFIX/);
    expect(() => loadConfig({ MQTT_URL: 'http://broker' })).toThrow(/MQTT_URL/);
  });
});
