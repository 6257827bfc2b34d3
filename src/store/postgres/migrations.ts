import { MIGRATIONS } from '../db.ts';
import type { Pool } from './pool.ts';

/** SQLite's column types as PostgreSQL spells them: times (epoch ms) and ids as BIGINT. Rules as data, applied in order. */
const DIALECT: [RegExp, string][] = [
  [/\bINTEGER PRIMARY KEY AUTOINCREMENT\b/g, 'BIGSERIAL PRIMARY KEY'],
  [/\bINTEGER\b/g, 'BIGINT'],
];

/** PostgreSQL's form of one SQLite schema step. */
export const toPostgres = (step: string) =>
  DIALECT.reduce((sql, [pattern, replacement]) => sql.replace(pattern, replacement), step);

/**
 * The PostgreSQL schema: the same steps as SQLite's (src/store/db.ts, one list for both dialects), recorded in
 * schema_migrations. Never edit a shipped step: add one there.
 */
export const PG_MIGRATIONS: string[] = MIGRATIONS.map(toPostgres);

/** The advisory lock key migrations run under ("briefbot" in ASCII, as a bigint). */
export const MIGRATION_LOCK = 0x6272696566626f74n;

/**
 * Brings a schema track up to date ('state': the tables above; 'articles': the article store's). Instances starting
 * together queue on pg_advisory_lock (session-level, on one dedicated connection), so exactly one applies each step
 * and the others then find it done. Each step commits with its record in schema_migrations.
 */
export async function migratePostgres(pool: Pool, steps: string[] = PG_MIGRATIONS, track = 'state'): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (track TEXT NOT NULL, version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (track, version))',
    );
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM schema_migrations WHERE track = $1',
      [track],
    );
    const version = rows[0]?.v ?? 0;
    if (version > steps.length)
      throw new Error(
        `database schema (${track}) version ${version} is newer than this program (${steps.length}); upgrade briefbot`,
      );
    for (let v = version; v < steps.length; v++) {
      await client.query('BEGIN');
      try {
        await client.query(steps[v]);
        await client.query('INSERT INTO schema_migrations (track, version) VALUES ($1, $2)', [track, v + 1]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return steps.length;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]).catch(() => undefined);
    client.release();
  }
}
