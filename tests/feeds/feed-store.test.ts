import { afterEach, describe, expect, it } from 'vitest';
import { PgFeedStore } from '../../src/feeds/pg-store.ts';
import { SqliteFeedStore } from '../../src/feeds/sqlite-store.ts';
import type { FeedStore, NewFeed } from '../../src/feeds/store.ts';
import type { SqliteStore } from '../../src/store/index.ts';
import type { PostgresStore } from '../../src/store/postgres/index.ts';
import type { Store } from '../../src/store/types.ts';
import { BACKENDS, closeAll } from '../helpers/stores.ts';

/** The feed store's contract on both backends: one set of tests, as tests/store/state-stores.test.ts. */

const feedStoreOf = (store: Store): FeedStore =>
  store.kind === 'postgres'
    ? new PgFeedStore((store as PostgresStore).pool)
    : new SqliteFeedStore((store as SqliteStore).db);

const NOW = Date.parse('2026-12-02T06:00:00Z');
const feed = (url: string, extra: Partial<NewFeed> = {}): NewFeed => ({
  url,
  name: null,
  everyMinutes: 15,
  origin: 'chat',
  addedBy: 'U1',
  ...extra,
});

afterEach(closeAll);

describe.each(BACKENDS)('feed store on $name', (backend) => {
  const open = async () => {
    const { store, again } = await backend.open();
    return { feeds: feedStoreOf(store), other: async () => feedStoreOf(await again()) };
  };

  it.skipIf(!backend.available())('adds a feed once per URL, lists, updates its state and removes it', async () => {
    const { feeds } = await open();
    const first = await feeds.add(feed('https://a.example/rss'), NOW);
    expect(first.created).toBe(true);
    expect(first.feed).toMatchObject({
      url: 'https://a.example/rss',
      everyMinutes: 15,
      origin: 'chat',
      addedBy: 'U1',
      nextPollAt: NOW,
      itemsTaken: 0,
      failures: 0,
    });
    const again = await feeds.add(feed('https://a.example/rss', { everyMinutes: 60 }), NOW + 1);
    expect(again).toEqual({ feed: first.feed, created: false });
    await feeds.update(first.feed.id, {
      name: 'A',
      etag: '"x"',
      lastStatus: 200,
      nextPollAt: NOW + 900_000,
      itemsTakenDelta: 3,
    });
    await feeds.update(first.feed.id, { itemsTakenDelta: 2, lastError: null });
    expect(await feeds.get(first.feed.id)).toMatchObject({
      name: 'A',
      etag: '"x"',
      lastStatus: 200,
      nextPollAt: NOW + 900_000,
      itemsTaken: 5,
      lastError: null,
    });
    expect((await feeds.list()).map((f) => f.url)).toEqual(['https://a.example/rss']);
    expect(await feeds.remove(first.feed.id)).toBe(true);
    expect(await feeds.remove(first.feed.id)).toBe(false);
    expect(await feeds.get(first.feed.id)).toBeNull();
  });

  it.skipIf(!backend.available())(
    'the file’s feeds replace the file-origin feeds and leave chat ones alone',
    async () => {
      const { feeds } = await open();
      await feeds.add(feed('https://chat.example/rss'), NOW);
      await feeds.syncFileFeeds(
        [
          feed('https://f1.example/rss', { origin: 'file', name: 'F1' }),
          feed('https://f2.example/rss', { origin: 'file' }),
        ],
        NOW,
      );
      await feeds.syncFileFeeds([feed('https://f2.example/rss', { origin: 'file', everyMinutes: 5, name: 'F2' })], NOW);
      const list = await feeds.list();
      expect(list.map((f) => [f.url, f.origin, f.everyMinutes, f.name])).toEqual([
        ['https://chat.example/rss', 'chat', 15, null],
        ['https://f2.example/rss', 'file', 5, 'F2'],
      ]);
    },
  );

  it.skipIf(!backend.available())('due feeds, soonest first, and taken keys recorded once', async () => {
    const { feeds } = await open();
    const late = (await feeds.add(feed('https://late.example/rss'), NOW + 60_000)).feed;
    const soon = (await feeds.add(feed('https://soon.example/rss'), NOW - 60_000)).feed;
    expect((await feeds.due(NOW, 10)).map((f) => f.id)).toEqual([soon.id]);
    expect((await feeds.due(NOW + 60_000, 10)).map((f) => f.id)).toEqual([soon.id, late.id]);
    await feeds.markTaken(soon.id, ['guid:1:a', 'url:https://x', 'guid:1:a'], NOW);
    await feeds.markTaken(late.id, ['url:https://x', 'hash:h'], NOW);
    expect([...(await feeds.taken(['guid:1:a', 'hash:h', 'hash:other', 'url:https://x']))].sort()).toEqual([
      'guid:1:a',
      'hash:h',
      'url:https://x',
    ]);
  });

  it.skipIf(!backend.available())(
    'one poll of a feed at a time across instances; a dead instance’s lease is taken over once it runs out',
    async () => {
      const { feeds, other } = await open();
      const second = await other();
      const { id } = (await feeds.add(feed('https://a.example/rss'), NOW)).feed;
      const claims = await Promise.all([
        feeds.claimPoll(id, 'one', NOW, 60_000),
        second.claimPoll(id, 'two', NOW, 60_000),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const holder = claims[0] ? 'one' : 'two';
      const [mine, theirs] = claims[0] ? [feeds, second] : [second, feeds];
      expect(await theirs.claimPoll(id, 'three', NOW + 59_999, 60_000)).toBe(false);
      // Released by its holder only.
      await theirs.releasePoll(id, 'three');
      expect(await theirs.claimPoll(id, 'three', NOW + 1, 60_000)).toBe(false);
      await mine.releasePoll(id, holder);
      expect(await theirs.claimPoll(id, 'three', NOW + 2, 60_000)).toBe(true);
      // 'three' dies holding it: after its lease, another takes it.
      expect(await mine.claimPoll(id, 'four', NOW + 60_001, 60_000)).toBe(false);
      expect(await mine.claimPoll(id, 'four', NOW + 60_002, 60_000)).toBe(true);
    },
  );

  it.skipIf(!backend.available())(
    'a feed added through one instance is listed by another at once, and its removal too',
    async () => {
      const { feeds, other } = await open();
      const second = await other();
      const { feed: added } = await feeds.add(feed('https://shared.example/rss'), NOW);
      expect((await second.list()).map((f) => f.url)).toEqual(['https://shared.example/rss']);
      expect((await second.add(feed('https://shared.example/rss'), NOW)).created).toBe(false);
      await second.update(added.id, { lastError: 'HTTP 500' });
      expect((await feeds.get(added.id))?.lastError).toBe('HTTP 500');
      expect(await second.remove(added.id)).toBe(true);
      expect(await feeds.list()).toEqual([]);
    },
  );
});
