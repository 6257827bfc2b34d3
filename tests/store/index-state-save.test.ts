import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ARTICLE_DATABASE, SqliteArticleStore } from '../../src/store/articles/sqlite.ts';
import type { ArticleStore, IndexStateWrite } from '../../src/store/articles/types.ts';
import { PgArticleStore } from '../../src/store/postgres/articles.ts';
import { restorableState } from '../../src/index/index-state.ts';
import type { Base64Bytes } from '../../src/index/snapshot.ts';
import { freshDatabase, postgresUrl } from '../helpers/postgres.ts';

/**
 * Saving the index state across turns of the event loop (at 200k articles its parts take seconds to make): the saved
 * state is always one save's whole, never parts of two, and a save the indexes outran keeps the old one.
 */
const dirs: string[] = [];
const stores: ArticleStore[] = [];
afterEach(async () => void (await Promise.all(stores.splice(0).map((s) => s.close()))));
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function sqliteDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'briefbot-index-state-'));
  dirs.push(dir);
  return dir;
}

const BACKENDS: { name: string; available: boolean; open: () => Promise<ArticleStore> }[] = [
  { name: 'SQLite', available: true, open: async () => SqliteArticleStore.open({ dataDir: sqliteDir() }) },
  {
    name: 'PostgreSQL',
    available: Boolean(postgresUrl()),
    open: async () => PgArticleStore.open(await freshDatabase('indexstate')),
  },
];

/** A state of two parts whose bytes say which save made them. */
function state(label: string, unchanged?: () => boolean, onPart?: (name: string) => void): IndexStateWrite {
  const parts = ['search', 'resolver'].map((name) => ({
    name,
    bytes: () => (onPart?.(name), Buffer.from(`${label}:${name}`)),
  }));
  return {
    version: label,
    covers: [{ id: 'a', contentHash: label, groupId: 'a' }],
    parts,
    ...(unchanged ? { unchanged } : {}),
  };
}

/** Counts turns of the event loop (each turn's check phase), as a waiting chat acknowledgement would get one. */
function countTurns(): { readonly count: number; stop(): void } {
  let count = 0;
  let tick = setImmediate(function spin() {
    count++;
    tick = setImmediate(spin);
  });
  return {
    get count() {
      return count;
    },
    stop: () => clearImmediate(tick),
  };
}

async function saved(store: ArticleStore): Promise<Record<string, string> | null> {
  const read = await store.loadIndexState();
  if (!read) return null;
  const out: Record<string, string> = { version: read.version };
  for (const name of read.names) out[name] = (await read.part(name))!.toString();
  return out;
}

describe.each(BACKENDS)('saving the index state ($name)', ({ available, open }) => {
  const run = available ? it : it.skip;

  run('replaces the state whole, and keeps the old one when the indexes changed while it was saved', async () => {
    const store = await open();
    stores.push(store);
    expect(await store.saveIndexState(state('one'))).toBe(true);
    expect(await saved(store)).toEqual({ version: 'one', search: 'one:search', resolver: 'one:resolver' });
    let changes = 0;
    const outrun = state(
      'two',
      () => changes === 0,
      () => void changes++,
    );
    expect(await store.saveIndexState(outrun)).toBe(false);
    expect(await saved(store)).toEqual({ version: 'one', search: 'one:search', resolver: 'one:resolver' });
  });
});

describe('saving the index state in SQLite', () => {
  it('lets the event loop turn between parts', async () => {
    const store = SqliteArticleStore.open({ dataDir: sqliteDir() });
    stores.push(store);
    const turns = countTurns();
    const seen: number[] = [];
    try {
      await store.saveIndexState(
        state('one', undefined, () => {
          seen.push(turns.count);
          const until = Date.now() + 5;
          while (Date.now() < until); // a part that takes a while to make
        }),
      );
    } finally {
      turns.stop();
    }
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBeGreaterThan(seen[0]);
  });

  it('ignores the staged rows a killed save left, and the next save clears them', async () => {
    const dataDir = sqliteDir();
    const store = SqliteArticleStore.open({ dataDir });
    stores.push(store);
    await store.saveIndexState(state('one'));
    const raw = new Database(path.join(dataDir, ARTICLE_DATABASE));
    raw
      .prepare('INSERT INTO index_state (name, bytes) VALUES (?, ?)')
      .run('\u0001staged:deadbeef0000:search', Buffer.from('half a save'));
    expect(await saved(store)).toEqual({ version: 'one', search: 'one:search', resolver: 'one:resolver' });
    await store.saveIndexState(state('two'));
    // Left: the pointer to the save in use, and that save's rows (its meta and one chunk a part), nothing else.
    const rows = raw.prepare('SELECT name FROM index_state ORDER BY name').pluck().all() as string[];
    const current = (
      raw.prepare("SELECT bytes FROM index_state WHERE name = char(0) || 'current'").pluck().get() as Buffer
    ).toString();
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => !r.startsWith(current))).toEqual(['\u0000current']);
    expect(rows.some((r) => r.includes('deadbeef'))).toBe(false);
    raw.close();
    expect(await saved(store)).toEqual({ version: 'two', search: 'two:search', resolver: 'two:resolver' });
  });

  it('writes a large part in chunks of a megabyte, a turn of the loop each, and reads it back whole', async () => {
    const dataDir = sqliteDir();
    const store = SqliteArticleStore.open({ dataDir });
    stores.push(store);
    const big = Buffer.alloc(2.5 * (1 << 20));
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
    const turns = countTurns();
    try {
      expect(
        await store.saveIndexState({
          version: 'big',
          covers: [],
          parts: [{ name: 'bytes:pool', bytes: () => big }],
        }),
      ).toBe(true);
    } finally {
      turns.stop();
    }
    expect(turns.count).toBeGreaterThanOrEqual(4); // three chunks and the meta, each in a turn of its own
    const raw = new Database(path.join(dataDir, ARTICLE_DATABASE), { readonly: true });
    const sizes = raw.prepare('SELECT length(bytes) FROM index_state ORDER BY name').pluck().all() as number[];
    raw.close();
    expect(Math.max(...sizes)).toBe(1 << 20);
    const read = (await store.loadIndexState())!;
    expect(read.names).toEqual(['bytes:pool']);
    expect((await read.part('bytes:pool'))!.equals(big)).toBe(true);
  });

  it('writes the covered articles a piece a turn (30 MB of JSON at 260,000 articles) and reads them back whole', async () => {
    const dataDir = sqliteDir();
    const store = SqliteArticleStore.open({ dataDir });
    stores.push(store);
    const covers = Array.from({ length: 20_000 }, (_, k) => ({ id: `a${k}`, contentHash: `h${k}`, groupId: `a${k}` }));
    const turns = countTurns();
    try {
      expect(await store.saveIndexState({ version: 'many', covers, parts: [] })).toBe(true);
    } finally {
      turns.stop();
    }
    expect(turns.count).toBeGreaterThanOrEqual(3); // 20,000 covers: three pieces, each in a turn of its own
    const read = (await store.loadIndexState())!;
    expect(read.version).toBe('many');
    expect(read.covers).toEqual(covers);
  });

  it('reads a binary part when first used; once another save replaced its state, it reads as absent', async () => {
    const dataDir = sqliteDir();
    const store = SqliteArticleStore.open({ dataDir });
    stores.push(store);
    const withBytes = (label: string): IndexStateWrite => ({
      version: label,
      covers: [],
      parts: [
        { name: 'json:search', bytes: () => Buffer.from(JSON.stringify(`${label}:search`)) },
        { name: 'bytes:pool', bytes: () => Buffer.from(`${label}:pool`) },
      ],
    });
    await store.saveIndexState(withBytes('one'));
    const first = await restorableState((await store.loadIndexState())!);
    const second = await restorableState((await store.loadIndexState())!);
    const pool = (parts: unknown[]) => (parts.find((p) => 'pool' in (p as object)) as { pool?: Base64Bytes }).pool;
    expect(Buffer.from(pool(first)!.bytes).toString()).toBe('one:pool');
    await store.saveIndexState(withBytes('two'));
    expect(pool(second)).toBeUndefined(); // not read before the swap: its rows are gone, and it is not two's
    expect(Buffer.from(pool(first)!.bytes).toString()).toBe('one:pool'); // read before: kept
  });

  it('reads a state saved before round 5 (one untagged row a part), and the next save replaces it', async () => {
    const dataDir = sqliteDir();
    const store = SqliteArticleStore.open({ dataDir });
    stores.push(store);
    const raw = new Database(path.join(dataDir, ARTICLE_DATABASE));
    const put = raw.prepare('INSERT INTO index_state (name, bytes) VALUES (?, ?)');
    put.run('\u0000meta', Buffer.from(JSON.stringify({ version: 'old', covers: [] })));
    put.run('search', Buffer.from('old:search'));
    put.run('resolver', Buffer.from('old:resolver'));
    expect(await saved(store)).toEqual({ version: 'old', search: 'old:search', resolver: 'old:resolver' });
    await store.saveIndexState(state('new'));
    expect(await saved(store)).toEqual({ version: 'new', search: 'new:search', resolver: 'new:resolver' });
    expect(raw.prepare("SELECT COUNT(*) FROM index_state WHERE name IN ('search', 'resolver')").pluck().get()).toBe(0);
    raw.close();
  });

  it('of two processes saving at once, the state is one whole save (the one outrun gives up)', async () => {
    const dataDir = sqliteDir();
    const [a, b] = [SqliteArticleStore.open({ dataDir }), SqliteArticleStore.open({ dataDir })];
    stores.push(a, b);
    const results = await Promise.all([a.saveIndexState(state('a')), b.saveIndexState(state('b'))]);
    const now = await saved(a);
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect([
      { version: 'a', search: 'a:search', resolver: 'a:resolver' },
      { version: 'b', search: 'b:search', resolver: 'b:resolver' },
    ]).toContainEqual(now);
  });
});
