import pg from 'pg';

export type Pool = pg.Pool;
export type Client = pg.PoolClient;
/** A pool or a client inside a transaction: both run queries. */
export type Queryable = Pick<pg.Pool, 'query'>;

const INT8 = 20;
const NUMERIC = 1700;

/**
 * A connection pool. BIGINT (epoch milliseconds, counts) comes back as a number, not a string: every value stored
 * is below 2^53. Connection errors on idle clients are logged by the caller, never thrown at the event loop.
 */
export function createPool(databaseUrl: string, max = 5): Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 || oid === NUMERIC
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => undefined); // an idle client lost; the next query opens a new one
  return pool;
}

/** Runs fn in one transaction on one client: COMMIT when it returns, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: Pool, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** host:port/database of a URL, for logs: never the user or password. */
export function describeUrl(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    return `postgres://${u.host}${u.pathname}`;
  } catch {
    return 'postgres (unparsable URL)';
  }
}
