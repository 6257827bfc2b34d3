import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.ts';

/** The SQLite store: migrations, the delivery log's claim/lease state machine, seen articles, follows. */
const dirs: string[] = [];
const stores: Store[] = [];
function freshStore(): Store {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-store-'));
  dirs.push(dir);
  const store = openStore({ dataDir: dir });
  stores.push(store);
  return store;
}
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const T0 = Date.parse('2024-05-01T08:00:00Z');
const LEASE = 60_000;

describe('database', () => {
  it('runs migrations once, in WAL mode, and reopens an existing file unchanged', () => {
    const store = freshStore();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(2);
    store.schedules.add({ platform: 'slack', channelId: 'C1', cron: '0 8 * * *', timeZone: 'UTC', topics: ['ports'], createdBy: 'U1', createdAt: T0 });
    const again = openStore({ file: store.file });
    stores.push(again);
    expect(again.schedules.list()).toHaveLength(1);
    expect(again.schedules.list()[0].topics).toEqual(['ports']);
  });
});

describe('delivery log', () => {
  it('gives a slot to one owner; the other is told busy while the lease lives', () => {
    const { deliveries } = freshStore();
    expect(deliveries.claim('s', T0, 'a', T0, LEASE).kind).toBe('claimed');
    expect(deliveries.claim('s', T0, 'b', T0 + 1000, LEASE).kind).toBe('busy');
  });

  it('lets another owner take over a claim whose lease ran out, and the old owner can no longer move it', () => {
    const { deliveries } = freshStore();
    deliveries.claim('s', T0, 'a', T0, LEASE);
    expect(deliveries.claim('s', T0, 'b', T0 + LEASE + 1, LEASE).kind).toBe('claimed');
    expect(deliveries.markSending('s', T0, 'a', T0 + LEASE + 2, LEASE)).toBe(false);
    expect(deliveries.markSending('s', T0, 'b', T0 + LEASE + 2, LEASE)).toBe(true);
  });

  it('never hands out a posted slot again, whatever the lease', () => {
    const { deliveries } = freshStore();
    deliveries.claim('s', T0, 'a', T0, LEASE);
    deliveries.markSending('s', T0, 'a', T0, LEASE);
    expect(deliveries.markPosted('s', T0, 'a', T0 + 5, T0)).toBe(true);
    const later = deliveries.claim('s', T0, 'b', T0 + 100 * LEASE, LEASE);
    expect(later).toMatchObject({ kind: 'done', record: { state: 'posted', attempts: 1 } });
  });

  it('reports a slot left on the wire by a dead owner as an interrupted send', () => {
    const { deliveries } = freshStore();
    deliveries.claim('s', T0, 'a', T0, LEASE);
    deliveries.markSending('s', T0, 'a', T0, LEASE);
    expect(deliveries.claim('s', T0, 'b', T0 + LEASE + 1, LEASE).kind).toBe('interrupted-send');
  });

  it('puts a refused post back to claimed with its reason, and counts attempts', () => {
    const { deliveries } = freshStore();
    deliveries.claim('s', T0, 'a', T0, LEASE);
    deliveries.markSending('s', T0, 'a', T0, LEASE);
    deliveries.markRetry('s', T0, 'a', T0 + 1, LEASE, 'ratelimited');
    expect(deliveries.get('s', T0)).toMatchObject({ state: 'claimed', attempts: 1, reason: 'ratelimited' });
  });

  it('records a missed slot as skipped only once, and never over an existing row', () => {
    const { deliveries } = freshStore();
    expect(deliveries.recordSkipped('s', T0, T0, 'too late')).toBe(true);
    expect(deliveries.recordSkipped('s', T0, T0, 'too late')).toBe(false);
    deliveries.claim('s', T0 + 1, 'a', T0, LEASE);
    expect(deliveries.recordSkipped('s', T0 + 1, T0, 'too late')).toBe(false);
    expect(deliveries.get('s', T0 + 1)?.state).toBe('claimed');
  });

  it('remembers up to when digests covered new material', () => {
    const { deliveries } = freshStore();
    expect(deliveries.coveredUntil('s')).toBeNull();
    deliveries.claim('s', T0, 'a', T0, LEASE);
    deliveries.markSending('s', T0, 'a', T0, LEASE);
    deliveries.markPosted('s', T0, 'a', T0, T0 + 30);
    expect(deliveries.coveredUntil('s')).toBe(T0 + 30);
  });
});

describe('seen articles', () => {
  it('tells new from changed from unchanged, and adopts an unknown hash without calling it a change', () => {
    const { articles } = freshStore();
    expect(articles.record([{ id: 'a', path: 'a.txt', contentHash: null }], T0)).toEqual({ added: ['a'], changed: [] });
    expect(articles.record([{ id: 'a', path: 'a.txt', contentHash: 'h1' }], T0 + 1)).toEqual({ added: [], changed: [] });
    expect(articles.record([{ id: 'a', path: 'a.txt', contentHash: 'h1' }], T0 + 2)).toEqual({ added: [], changed: [] });
    expect(articles.record([{ id: 'a', path: 'a.txt', contentHash: 'h2' }], T0 + 3)).toEqual({ added: [], changed: ['a'] });
    expect(articles.get('a')).toMatchObject({ firstSeen: T0, changedAt: T0 + 3, contentHash: 'h2' });
    expect(articles.changedBetween(T0, T0 + 3)).toEqual(['a']);
    expect(articles.changedBetween(T0 + 3, T0 + 10)).toEqual([]);
  });

  it('finds the records of one file, including the numbered records of a JSON lines file, and not a longer name', () => {
    const { articles } = freshStore();
    articles.record([
      { id: 'x1', path: 'feed.jsonl#1', contentHash: 'a' },
      { id: 'x2', path: 'feed.jsonl#2', contentHash: 'b' },
      { id: 'y', path: 'feed.jsonl.bak', contentHash: 'c' },
    ], T0);
    expect(articles.idsFromFile('feed.jsonl').sort()).toEqual(['x1', 'x2']);
  });
});

describe('follows', () => {
  it('treats case and spacing as the same follow, and sends an alert per article version once', () => {
    const { follows } = freshStore();
    const f = { platform: 'slack', userId: 'U1', name: 'Amira Haddad', entityId: 'e1', channelId: null, createdAt: T0 };
    expect(follows.follow(f)).toBe(true);
    expect(follows.follow({ ...f, name: 'amira  haddad' })).toBe(false);
    expect(follows.list('slack', 'U1')).toHaveLength(1);
    expect(follows.claimAlert(f, 'art1', 'h1', T0)).toBe(true);
    expect(follows.claimAlert(f, 'art1', 'h1', T0)).toBe(false);
    expect(follows.claimAlert(f, 'art1', 'h2', T0)).toBe(true);
    expect(follows.unfollow('slack', 'U1', ['nobody'], 'e1').map((r) => r.name)).toEqual(['Amira Haddad']);
    expect(follows.list('slack', 'U1')).toEqual([]);
  });
});
