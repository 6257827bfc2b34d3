import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.ts';
import { ARTICLE_DATABASE, SqliteArticleStore } from '../../src/store/articles/sqlite.ts';
import type { StoredHead } from '../../src/store/articles/types.ts';
import { ArticleWithStoredBody, cachedBodies } from '../../src/store/articles/stored-body.ts';
import { article } from '../helpers/articles.ts';
import { makeStoreCorpus } from '../helpers/store-corpus.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function dataDir() {
  const c = makeStoreCorpus({});
  made.push(c.base);
  return c.dataDir;
}

const row = (p: string, size: number) => ({ path: p, size, mtimeMs: 1, contentHash: `h${size}`, readerVersion: 'r' });
const inFile = (a: Article, file: string): Article => ({ ...a, path: file });

/** The first column of every row of a query, read from the store's file. */
function query(dir: string, sql: string): unknown[] {
  const db = new Database(path.join(dir, ARTICLE_DATABASE), { readonly: true });
  try {
    return db.prepare(sql).pluck().all();
  } finally {
    db.close();
  }
}

async function heads(s: SqliteArticleStore): Promise<StoredHead[]> {
  const out: StoredHead[] = [];
  for await (const batch of s.lazyAnalyses.heads()) out.push(...batch);
  return out;
}

const weber = inFile(article('a1', '2019-05-01', 'Weber speaks', 'Karla Weber spoke in Bonn on Monday.'), 'a.txt');
const haas = inFile(article('a2', null, 'Haas replies', 'Jonas Haas replied on Tuesday.'), 'a.txt');

describe('article bodies in the SQLite store', () => {
  it('lists articles without their bodies and reads each body from the store when it is used', async () => {
    const dir = dataDir();
    const s = SqliteArticleStore.open({ dataDir: dir });
    await s.putFiles([{ file: row('a.txt', 1), articles: [weber, haas] }]);
    const listed = await heads(s);
    expect(listed.map((h) => h.article.id)).toEqual(['a1', 'a2']);
    expect(listed[0].article).toBeInstanceOf(ArticleWithStoredBody);
    expect(listed[0].article.body).toBe(weber.body);
    // Written whole (a snapshot, a log line): the body is part of the article.
    expect(JSON.parse(JSON.stringify(listed[1].article))).toEqual(haas);
    // The articles' rows hold no body: the listing reads the fields alone.
    const jsons = query(dir, 'SELECT json FROM articles ORDER BY ord') as string[];
    expect(jsons.map((j) => 'body' in JSON.parse(j))).toEqual([false, false]);
    await s.close();
  });

  it("reads an article changed since it was listed as empty, never as the new text, and drops a deleted article's body", async () => {
    const dir = dataDir();
    const s = SqliteArticleStore.open({ dataDir: dir });
    await s.putFiles([{ file: row('a.txt', 1), articles: [weber, haas] }]);
    const [first, second] = (await heads(s)).map((h) => h.article);
    const changed = inFile(article('a1', '2019-05-01', 'Weber speaks', 'Karla Weber spoke in Köln.'), 'a.txt');
    await s.putFiles([{ file: row('a.txt', 2), articles: [changed, haas] }]);
    expect(first.body).toBe('');
    expect(second.body).toBe(haas.body);
    expect((await heads(s))[0].article.body).toBe(changed.body);
    await s.deleteFiles(['a.txt']);
    // The bodies went with their articles.
    expect(query(dir, 'SELECT COUNT(*) FROM article_bodies')).toEqual([0]);
    await s.close();
  });

  it('moves the bodies of a store of the earlier layout (inside the JSON) apart at its first listing', async () => {
    const dir = dataDir();
    const s = SqliteArticleStore.open({ dataDir: dir });
    await s.putFiles([{ file: row('a.txt', 1), articles: [weber, haas] }]);
    await s.close();
    // As an earlier round wrote it: each body in its article's JSON, no article_bodies rows, user_version 0.
    const old = new Database(path.join(dir, ARTICLE_DATABASE));
    old.exec(`UPDATE articles SET json = json_set(json, '$.body', (SELECT body FROM article_bodies b WHERE b.id = articles.id));
              DELETE FROM article_bodies; PRAGMA user_version = 0;`);
    old.close();

    const reopened = SqliteArticleStore.open({ dataDir: dir });
    // A full listing (a back end without lazy reads) has the bodies whether moved or not.
    const whole: Article[] = [];
    for await (const batch of reopened.articles()) whole.push(...batch.map((b) => b.article));
    expect(whole).toEqual([weber, haas]);
    const listed = await heads(reopened);
    expect(listed.map((h) => h.article.body)).toEqual([weber.body, haas.body]);
    await reopened.close();
    const db = new Database(path.join(dir, ARTICLE_DATABASE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM article_bodies').pluck().get()).toBe(2);
    expect(db.prepare("SELECT COUNT(*) FROM articles WHERE json_type(json, '$.body') IS NOT NULL").pluck().get()).toBe(
      0,
    );
    db.close();
  });

  it('reads a body once while it stays among the recently read', () => {
    let reads = 0;
    const read = cachedBodies((id) => {
      reads++;
      return `body of ${id}`;
    }, 30);
    expect(read('x', 'h1')).toBe('body of x');
    expect(read('x', 'h1')).toBe('body of x');
    expect(reads).toBe(1);
    // Another content of the same id is another body.
    read('x', 'h2');
    expect(reads).toBe(2);
    // Past the limit, the oldest go.
    read('y', 'h1');
    read('z', 'h1');
    read('x', 'h1');
    expect(reads).toBe(5);
  });
});
