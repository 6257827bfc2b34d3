import { afterEach, describe, expect, it } from 'vitest';
import type { ArticleStore, SourceFile } from '../../src/store/articles/types.ts';
import { PgArticleStore } from '../../src/store/postgres/articles.ts';
import { article } from '../helpers/articles.ts';
import { freshDatabase, postgresUrl } from '../helpers/postgres.ts';

/**
 * The article store's contract (src/store/articles/types.ts) on the real PostgreSQL of the suite: files with their
 * articles, analyses kept only for unchanged content, unique ids across files, batches in path order, the saved
 * index state, and a second instance reading what the first stored.
 */
const stores: ArticleStore[] = [];
afterEach(async () => void (await Promise.all(stores.splice(0).map((s) => s.close()))));

async function open(url?: string): Promise<{ store: PgArticleStore; url: string }> {
  const at = url ?? (await freshDatabase('articles'));
  const store = await PgArticleStore.open(at);
  stores.push(store);
  return { store, url: at };
}

const file = (path: string, hash = 'f1'): SourceFile => ({
  path,
  size: 10,
  mtimeMs: 1700000000000.5,
  contentHash: hash,
  readerVersion: 'r1',
});
const analysis = (articleId: string, contentHash: string, version = 'v1') => ({
  articleId,
  contentHash,
  version,
  counts: [2, 3] as [number, number],
  bytes: Buffer.from(`analysis of ${articleId}`),
});

describe.skipIf(!postgresUrl())('article store on PostgreSQL', () => {
  it('stores files with their articles; an unchanged article keeps its analysis, a changed one loses it', async () => {
    const { store } = await open();
    const a1 = article('a1', '2024-01-01', 'One', 'First body.');
    const a2 = article('a2', null, 'Two', 'Second body.');
    await store.putFiles([{ file: file('b.txt'), articles: [a1, a2] }]);
    expect(await store.files()).toEqual([file('b.txt')]);
    await store.putAnalyses([
      analysis('a1', a1.contentHash),
      analysis('a2', a2.contentHash),
      analysis('a2', 'stale-hash'),
      analysis('gone', 'x'),
    ]);
    expect((await store.counts()).analysed).toBe(2);

    const a2changed = article('a2', null, 'Two', 'Second body, corrected.');
    await store.putFiles([{ file: file('b.txt', 'f2'), articles: [a1, a2changed] }]);
    const batches = [];
    for await (const batch of store.articles()) batches.push(...batch);
    expect(batches.map((s) => [s.article.id, s.analysis?.bytes.toString() ?? null])).toEqual([
      ['a1', 'analysis of a1'],
      ['a2', null],
    ]);
    expect(batches[1].article).toEqual(a2changed);
    expect(await store.counts('v1')).toEqual({ files: 1, articles: 2, analysed: 1 });
    expect(await store.counts('v2')).toEqual({ files: 1, articles: 2, analysed: 0 });
  });

  it('refuses an id another file holds, and the whole write is rolled back', async () => {
    const { store } = await open();
    await store.putFiles([{ file: file('a.txt'), articles: [article('x', null, 'X', 'x body')] }]);
    await expect(
      store.putFiles([
        { file: file('c.txt'), articles: [article('new', null, 'N', 'n')] },
        { file: file('b.txt'), articles: [article('x', null, 'X', 'x body')] },
      ]),
    ).rejects.toThrow(/already held by a\.txt/);
    expect((await store.files()).map((f) => f.path)).toEqual(['a.txt']);
    expect(await store.ownersOf(['x', 'new'])).toEqual(new Map([['x', 'a.txt']]));
  });

  it('a touch (articles null) updates the file row only; deleting files returns their article ids', async () => {
    const { store } = await open();
    await store.putFiles([
      { file: file('a.txt'), articles: [article('a', null, 'A', 'a')] },
      { file: file('b.txt'), articles: [article('b1', null, 'B', 'b'), article('b2', null, 'B2', 'b2')] },
    ]);
    await store.putFiles([{ file: { ...file('a.txt'), mtimeMs: 5 }, articles: null }]);
    expect((await store.files())[0].mtimeMs).toBe(5);
    expect((await store.counts()).articles).toBe(3);
    expect((await store.deleteFiles(['b.txt'])).sort()).toEqual(['b1', 'b2']);
    expect((await store.files()).map((f) => f.path)).toEqual(['a.txt']);
  });

  it('yields articles in path order, in batches, across many files', async () => {
    const { store } = await open();
    const writes = Array.from({ length: 30 }, (_, i) => ({
      file: file(`f${String(i).padStart(2, '0')}.txt`),
      articles: [article(`id${i}a`, null, 'T', 'b'), article(`id${i}b`, null, 'T', 'c')],
    }));
    await store.putFiles(writes.reverse());
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const batch of store.articles(7)) {
      sizes.push(batch.length);
      ids.push(...batch.map((s) => s.article.id));
    }
    expect(ids).toHaveLength(60);
    expect(ids.slice(0, 4)).toEqual(['id0a', 'id0b', 'id1a', 'id1b']);
    expect(Math.max(...sizes)).toBe(7);
  });

  it('saves, reads part by part and clears the index state; a second instance reads what the first stored', async () => {
    const { store, url } = await open();
    await store.putFiles([{ file: file('a.txt'), articles: [article('a', null, 'A', 'a')] }]);
    expect(await store.loadIndexState()).toBeNull();
    const made: string[] = [];
    const parts = ['terms', 'names'].map((name) => ({
      name,
      bytes: () => (made.push(name), Buffer.from(`bytes of ${name}`)),
    }));
    await store.saveIndexState({ version: 'i1', covers: [{ id: 'a', contentHash: 'h', groupId: 'a' }], parts });
    expect(made).toEqual(['terms', 'names']);

    const { store: other } = await open(url);
    const state = (await other.loadIndexState())!;
    expect(state).toMatchObject({
      version: 'i1',
      covers: [{ id: 'a', contentHash: 'h', groupId: 'a' }],
      names: ['names', 'terms'],
    });
    expect((await state.part('terms'))?.toString()).toBe('bytes of terms');
    expect(await state.part('missing')).toBeUndefined();
    expect((await other.counts()).articles).toBe(1);
    await other.clearIndexState();
    expect(await store.loadIndexState()).toBeNull();
  });

  it('two instances opening together migrate once', async () => {
    const url = await freshDatabase('articles');
    const [a, b] = await Promise.all([open(url), open(url)]);
    await a.store.putFiles([{ file: file('a.txt'), articles: [article('a', null, 'A', 'a')] }]);
    expect((await b.store.counts()).files).toBe(1);
  });
});
