import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore, openStore, type Store } from '../../src/store/index.ts';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { freshDatabase, postgresUrl } from './postgres.ts';

/**
 * The two backends of the shared state, for `describe.each(BACKENDS)`: SQLite in a temporary data folder and
 * PostgreSQL in a fresh database on the suite's server. `again` opens a second store on the same database, as
 * another instance would. Call `closeAll()` after each test.
 */
export interface Backend {
  name: 'sqlite' | 'postgres';
  available: () => boolean;
  open: () => Promise<{ store: Store; again: () => Promise<Store> }>;
}

const dirs: string[] = [];
const opened: Store[] = [];
const track = (s: Store) => (opened.push(s), s);

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    available: () => true,
    async open() {
      const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-store-'));
      dirs.push(dir);
      return {
        store: track(openSqliteStore({ dataDir: dir })),
        again: async () => track(openSqliteStore({ dataDir: dir })),
      };
    },
  },
  {
    name: 'postgres',
    available: () => Boolean(postgresUrl()),
    async open() {
      const url = await freshDatabase();
      return {
        store: track(await openStore({ databaseUrl: url, dataDir: 'unused' })),
        again: async () => track(await openPostgresStore(url)),
      };
    },
  },
];

export async function closeAll(): Promise<void> {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
}
