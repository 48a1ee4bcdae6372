import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 8080, DATA_DIR: './.data', LOG_LEVEL: 'info', DATA_SCALE: 1, LIVE_TICK_MS: 250 });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(8080);
  });

  it('names every bad variable in one error', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: '99999', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) expect(msg).toContain(name);
  });

  it('accepts a PostGIS URL and numeric strings', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://u@h:5432/db', PORT: '9000', DATA_SCALE: '0.5' });
    expect(c).toMatchObject({ DATABASE_URL: 'postgresql://u@h:5432/db', PORT: 9000, DATA_SCALE: 0.5 });
  });
});
