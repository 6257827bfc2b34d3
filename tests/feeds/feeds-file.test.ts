import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedsFileError, readFeedsFile } from '../../src/feeds/feeds-file.ts';
import { SqliteFeedStore } from '../../src/feeds/sqlite-store.ts';
import { nextAfterFailure, parseEvery, retryAfterMs } from '../../src/feeds/timing.ts';
import { openDatabase } from '../../src/store/db.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'briefbot-feedsfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (text: string) => {
  const file = path.join(dir, 'feeds.yaml');
  writeFileSync(file, text);
  return file;
};

describe('FEEDS_FILE', () => {
  it('reads url, name and every (default 15m); an absent file means no feeds', () => {
    const file = write(
      'feeds:\n  - url: https://www.example.com/world/rss.xml\n    name: Example World\n    every: 2h\n  - url: https://news.example.org/feed.json\n',
    );
    expect(readFeedsFile(file)).toEqual([
      {
        url: 'https://www.example.com/world/rss.xml',
        name: 'Example World',
        everyMinutes: 120,
        origin: 'file',
        addedBy: null,
      },
      { url: 'https://news.example.org/feed.json', name: null, everyMinutes: 15, origin: 'file', addedBy: null },
    ]);
    expect(readFeedsFile(path.join(dir, 'none.yaml'))).toEqual([]);
  });

  it('a bad file is one clear line naming the file and the entry', () => {
    expect(() => readFeedsFile(write('feeds:\n  - url: ftp://x.example/feed\n'))).toThrow(
      /feeds\.yaml: feeds\.0\.url: must be an http\(s\) address/,
    );
    expect(() => readFeedsFile(write('feeds:\n  - url: https://x.example/feed\n    every: 30s\n'))).toThrow(
      /feeds\.0\.every: "30s" is not an interval/,
    );
    expect(() => readFeedsFile(write('feeds: [unclosed\n'))).toThrow(FeedsFileError);
  });

  it('syncing the file keeps chat feeds and poll state, drops feeds gone from the file', async () => {
    const db = openDatabase(path.join(dir, 'db.sqlite'));
    const store = new SqliteFeedStore(db);
    await store.add(
      { url: 'https://chat.example/rss', name: null, everyMinutes: 30, origin: 'chat', addedBy: 'U1' },
      0,
    );
    await store.syncFileFeeds(
      readFeedsFile(write('feeds:\n  - url: https://a.example/rss\n  - url: https://b.example/rss\n')),
      0,
    );
    const a = (await store.list()).find((f) => f.url === 'https://a.example/rss')!;
    await store.update(a.id, { etag: '"x"', itemsTakenDelta: 3 });
    await store.syncFileFeeds(readFeedsFile(write('feeds:\n  - url: https://a.example/rss\n    every: 1h\n')), 0);
    expect((await store.list()).map((f) => [f.url, f.origin, f.everyMinutes, f.itemsTaken, f.etag])).toEqual([
      ['https://chat.example/rss', 'chat', 30, 0, null],
      ['https://a.example/rss', 'file', 60, 3, '"x"'],
    ]);
    db.close();
  });
});

describe('poll timing', () => {
  it('reads intervals, Retry-After in seconds or as a date, and backs off exponentially up to a cap', () => {
    expect([
      parseEvery('15m'),
      parseEvery('2h'),
      parseEvery('1d'),
      parseEvery('90'),
      parseEvery('30s'),
      parseEvery('soon'),
    ]).toEqual([15, 120, 1440, 90, null, null]);
    const now = Date.parse('2024-05-06T08:00:00Z');
    expect(retryAfterMs({ 'retry-after': '120' }, now)).toBe(120_000);
    expect(retryAfterMs({ 'retry-after': 'Mon, 06 May 2024 09:00:00 GMT' }, now)).toBe(3_600_000);
    const every = 15 * 60_000;
    expect([1, 2, 3].map((n) => nextAfterFailure(now, every, n, null) - now)).toEqual(
      [30, 60, 120].map((m) => m * 60_000),
    );
    expect(nextAfterFailure(now, every, 30, null) - now).toBe(6 * 3_600_000);
  });
});
