import { afterEach, describe, expect, it } from 'vitest';
import {
  announcementPayloads,
  parseAnnouncement,
  PgAnnouncements,
  type Subscription,
} from '../../src/store/postgres/announcements.ts';
import { PgArticleStore } from '../../src/store/postgres/articles.ts';
import { createPool, type Pool } from '../../src/store/postgres/pool.ts';
import type { StoredArticle } from '../../src/store/articles/types.ts';
import { article } from '../helpers/articles.ts';
import { freshDatabase, postgresUrl } from '../helpers/postgres.ts';

/** LISTEN/NOTIFY between instances on the real server: new article ids reach the others, never the sender. */
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => void (await Promise.all(closers.splice(0).map((c) => c()))));

/** Waits (bounded by the test's timeout, never asserted on) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
}

function pool(url: string): Pool {
  const p = createPool(url);
  closers.push(() => p.end());
  return p;
}

describe('announcement payloads', () => {
  it('split many ids under the size limit and read back; anything else reads as nothing', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `reuters-${i}`);
    const payloads = announcementPayloads('inst-a', ids);
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.every((p) => Buffer.byteLength(p) < 8000)).toBe(true);
    expect(payloads.flatMap((p) => parseAnnouncement(p)!.ids)).toEqual(ids);
    for (const junk of [undefined, '', 'not json', '{"from":1,"ids":[]}', '{"from":"a","ids":[1]}', 'x'.repeat(20000)])
      expect(parseAnnouncement(junk)).toBeNull();
  });
});

describe.skipIf(!postgresUrl())('announcements on PostgreSQL', () => {
  it('new ids reach every other instance, in order, and never the one that sent them', async () => {
    const url = await freshDatabase('notify');
    const a = new PgAnnouncements(pool(url), url, 'inst-a');
    const b = new PgAnnouncements(pool(url), url, 'inst-b');
    const c = new PgAnnouncements(pool(url), url, 'inst-c');
    const got: Record<string, string[]> = { a: [], b: [], c: [] };
    const subs: Subscription[] = [
      await a.subscribe((ids) => got.a.push(...ids)),
      await b.subscribe((ids) => got.b.push(...ids)),
      await c.subscribe((ids) => got.c.push(...ids)),
    ];
    closers.push(() => Promise.all(subs.map((s) => s.close())));
    const ids = Array.from({ length: 2500 }, (_, i) => `article-${i}`);
    await a.announce(ids);
    await until(() => got.b.length === ids.length && got.c.length === ids.length);
    expect(got.b).toEqual(ids);
    expect(got.c).toEqual(ids);
    await b.announce(['from-b']);
    await until(() => got.a.length === 1);
    expect(got.a).toEqual(['from-b']);
    expect(got.b).not.toContain('from-b');
  });

  it('an article stored and announced by one instance is read by another from the store', async () => {
    const url = await freshDatabase('notify');
    const writer = await PgArticleStore.open(url);
    const reader = await PgArticleStore.open(url);
    closers.push(
      () => writer.close(),
      () => reader.close(),
    );
    const received: StoredArticle[] = [];
    const sub = await new PgAnnouncements(pool(url), url, 'reader').subscribe(
      (ids) => void reader.articlesOf(ids).then((found) => received.push(...found)),
    );
    closers.push(() => sub.close());
    const fresh = article('wire-1', '2024-05-06', 'Ferry restored', 'The Harbour Board restored the ferry.');
    await writer.putFiles([
      { file: { path: 'wire.txt', size: 40, mtimeMs: 1, contentHash: 'w', readerVersion: 'r1' }, articles: [fresh] },
    ]);
    await new PgAnnouncements(pool(url), url, 'writer').announce([fresh.id]);
    await until(() => received.length === 1);
    expect(received[0]).toEqual({ article: fresh, analysis: null });
  });
});
