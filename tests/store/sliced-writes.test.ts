import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteArticleStore } from '../../src/store/articles/sqlite.ts';
import { toStored } from '../../src/index/stored-analyses.ts';
import { article } from '../helpers/articles.ts';
import { turnsDuring } from '../helpers/event-loop.ts';
import { fakeAnalyze, makeStoreCorpus } from '../helpers/store-corpus.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function store() {
  const c = makeStoreCorpus({});
  made.push(c.base);
  return SqliteArticleStore.open({ dataDir: c.dataDir });
}

const many = (n: number, file: string, prefix = file) =>
  Array.from({ length: n }, (_, k) => ({
    ...article(`${prefix}-${k}`, null, `Story ${k}`, `Karla Weber spoke, ${k}.`),
    path: file,
  }));
const row = (path: string, size: number) => ({ path, size, mtimeMs: 1, contentHash: `h${size}`, readerVersion: 'r' });

describe('a file of thousands of articles in the SQLite store', () => {
  it('is written, its owners looked up, its analyses stored and it is deleted a slice at a time, the event loop turning between', async () => {
    const s = store();
    const articles = many(1000, 'big.jsonl');
    expect(
      await turnsDuring(() =>
        s.putFiles([
          { file: row('small.txt', 1), articles: many(1, 'small.txt') },
          { file: row('big.jsonl', 5), articles },
        ]),
      ),
    ).toBeGreaterThanOrEqual(3);
    expect((await s.files()).map((f) => [f.path, f.size])).toEqual([
      ['big.jsonl', 5],
      ['small.txt', 1],
    ]);
    expect(await turnsDuring(() => s.ownersOf(articles.map((a) => a.id)))).toBeGreaterThanOrEqual(3);
    expect(
      await turnsDuring(() => s.putAnalyses(articles.map((a) => toStored(a, fakeAnalyze(a), 'v1')))),
    ).toBeGreaterThanOrEqual(3);
    expect((await s.counts('v1')).analysed).toBe(1000);
    let stored = 0;
    for await (const batch of s.articles()) stored += batch.length;
    expect(stored).toBe(1001);

    let removed: string[] = [];
    expect(await turnsDuring(async () => (removed = await s.deleteFiles(['big.jsonl'])))).toBeGreaterThanOrEqual(3);
    expect(removed).toHaveLength(1000);
    expect((await s.files()).map((f) => f.path)).toEqual(['small.txt']);
    expect(await s.counts('v1')).toMatchObject({ articles: 1, analysed: 0 });
    await s.close();
  });

  it('deletes a file of 200,000 articles and returns every id (spread as arguments, they overflowed the stack)', async () => {
    const s = store();
    const articles = Array.from({ length: 200_000 }, (_, k) => ({
      ...article(`t-${k}`, null, '', `w ${k}`),
      path: 't.json',
    }));
    await s.putFiles([{ file: row('t.json', 5), articles }]);
    const removed = await s.deleteFiles(['t.json']);
    expect(removed).toHaveLength(200_000);
    expect(removed[199_999]).toBe('t-199999');
    expect(await s.counts()).toMatchObject({ files: 0, articles: 0 });
    await s.close();
  }, 60_000);

  it('leaves no row and no article of a file whose write fails part way (an id another file holds)', async () => {
    const s = store();
    await s.putFiles([
      {
        file: row('other.txt', 1),
        articles: [{ ...article('big-700', null, 'Other', 'Held here.'), path: 'other.txt' }],
      },
    ]);
    await expect(s.putFiles([{ file: row('big.jsonl', 5), articles: many(1000, 'big.jsonl', 'big') }])).rejects.toThrow(
      /big-700/,
    );
    expect((await s.files()).map((f) => f.path)).toEqual(['other.txt']);
    expect(await s.ownersOf(['big-0', 'big-699', 'big-700'])).toEqual(new Map([['big-700', 'other.txt']]));
    await s.close();
  });
});
