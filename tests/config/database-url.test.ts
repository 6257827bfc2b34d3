import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.ts';
import { describeUrl } from '../../src/store/postgres/pool.ts';
import { redact } from '../../src/util/log.ts';

/** DATABASE_URL and SCHEDULE_LEASE_SECONDS: checked at start, the password never in logs. */
const base = { CORPUS_DIR: 'corpus' };

describe('DATABASE_URL', () => {
  it('accepts a PostgreSQL URL, and its password is redacted from logs like a token', () => {
    const config = loadConfig(
      {},
      { ...base, DATABASE_URL: 'postgres://bot:s3cret-pw@db.internal:5432/briefbot', SCHEDULE_LEASE_SECONDS: '30' },
    );
    expect(config.env.DATABASE_URL).toBe('postgres://bot:s3cret-pw@db.internal:5432/briefbot');
    expect(config.env.SCHEDULE_LEASE_SECONDS).toBe(30);
    expect(redact('connect failed for s3cret-pw')).not.toContain('s3cret-pw');
    expect(describeUrl(config.env.DATABASE_URL!)).toBe('postgres://db.internal:5432/briefbot');
  });

  it('is optional (SQLite stays the default) and refuses anything but a PostgreSQL URL, naming the setting', () => {
    expect(loadConfig({}, { ...base, DATABASE_URL: '' }).env.DATABASE_URL).toBeUndefined();
    expect(() => loadConfig({}, { ...base, DATABASE_URL: 'mysql://x@y/z' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { ...base, DATABASE_URL: 'mysql://x@y/z' })).toThrow(
      /^bad setting: DATABASE_URL: must be a PostgreSQL URL/,
    );
    expect(() => loadConfig({}, { ...base, SCHEDULE_LEASE_SECONDS: '1' })).toThrow(/SCHEDULE_LEASE_SECONDS/);
  });
});
