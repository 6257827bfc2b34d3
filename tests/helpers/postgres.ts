import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The test server's superuser URL, or '' when the suite runs without PostgreSQL (see postgres-setup.ts). */
export const postgresUrl = (): string => inject('postgresUrl');

/** A new, empty database on the test server, so each test (file) starts clean; its URL. */
export async function freshDatabase(prefix = 'briefbot'): Promise<string> {
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
