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
