import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { postgresUrl } from '../helpers/postgres.ts';
import { BACKENDS, closeAll } from '../helpers/stores.ts';

/**
 * One set of tests for both backends of the shared state: SQLite in a data folder and PostgreSQL on the real
 * server the suite starts (tests/helpers/postgres-setup.ts). Migrations, the delivery log's claim/lease state
 * machine, seen articles, follows, chat schedules and cursors, the event guard.
 */
afterEach(closeAll);

const T0 = Date.parse('2024-05-01T08:00:00Z');
const LEASE = 60_000;

describe.each(BACKENDS)('$name store', (backend) => {
  const run = backend.available() ? it : it.skip;
  const fresh = () => backend.open();

  describe('database', () => {
    run(
      'runs migrations once and reopens an existing database unchanged; two instances starting together do not race',
      async () => {
        const { store, again } = await fresh();
        await store.schedules.add({
          platform: 'slack',
          channelId: 'C1',
          cron: '0 8 * * *',
          timeZone: 'UTC',
          topics: ['ports'],
          createdBy: 'U1',
          createdAt: T0,
        });
        const [b, c] = await Promise.all([again(), again()]);
        expect(await b.schedules.list()).toHaveLength(1);
        expect((await c.schedules.list())[0].topics).toEqual(['ports']);
      },
    );

    run('a schedule and a follow added through one instance are visible to another at once', async () => {
      const { store, again } = await fresh();
      const other = await again();
      const added = await store.schedules.add({
        platform: 'slack',
        channelId: 'C1',
        cron: '0 8 * * *',
        timeZone: 'UTC',
        topics: [],
        createdBy: 'U1',
        createdAt: T0,
      });
      await store.follows.follow({
        platform: 'slack',
        userId: 'U1',
        name: 'Amira Haddad',
        entityId: null,
        channelId: null,
        createdAt: T0,
      });
      expect((await other.schedules.list({ platform: 'slack', channelId: 'C1' })).map((s) => s.id)).toEqual([added.id]);
      expect((await other.follows.list('slack', 'U1')).map((f) => f.name)).toEqual(['Amira Haddad']);
      expect(await other.schedules.remove('slack', 'C2', added.id, T0)).toBe(false); // another channel's id
      expect(await other.schedules.remove('slack', 'C1', added.id, T0)).toBe(true);
      expect(await store.schedules.list()).toEqual([]);
    });
  });

  describe('delivery log', () => {
    run('gives a slot to one owner; the other is told busy while the lease lives', async () => {
      const { deliveries } = (await fresh()).store;
      expect((await deliveries.claim('s', T0, 'a', T0, LEASE)).kind).toBe('claimed');
      expect((await deliveries.claim('s', T0, 'b', T0 + 1000, LEASE)).kind).toBe('busy');
    });

    run('of many owners claiming one slot at once, exactly one wins', async () => {
      const { store, again } = await fresh();
      const others = await Promise.all([again(), again()]);
      const all = [store, ...others];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => all[i % all.length].deliveries.claim('s', T0, `owner${i}`, T0, LEASE)),
      );
      expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'busy')).toHaveLength(11);
    });

    run(
      'lets another owner take over a claim whose lease ran out, and the old owner can no longer move it',
      async () => {
        const { deliveries } = (await fresh()).store;
        await deliveries.claim('s', T0, 'a', T0, LEASE);
        expect((await deliveries.claim('s', T0, 'b', T0 + LEASE + 1, LEASE)).kind).toBe('claimed');
        expect(await deliveries.markSending('s', T0, 'a', T0 + LEASE + 2, LEASE)).toBe(false);
        expect(await deliveries.markSending('s', T0, 'b', T0 + LEASE + 2, LEASE)).toBe(true);
      },
    );

    run('never hands out a posted slot again, whatever the lease', async () => {
      const { deliveries } = (await fresh()).store;
      await deliveries.claim('s', T0, 'a', T0, LEASE);
      await deliveries.markSending('s', T0, 'a', T0, LEASE);
      expect(await deliveries.markPosted('s', T0, 'a', T0 + 5, T0)).toBe(true);
      const later = await deliveries.claim('s', T0, 'b', T0 + 100 * LEASE, LEASE);
      expect(later).toMatchObject({ kind: 'done', record: { state: 'posted', attempts: 1 } });
    });

    run('reports a slot left on the wire by a dead owner as an interrupted send', async () => {
      const { deliveries } = (await fresh()).store;
      await deliveries.claim('s', T0, 'a', T0, LEASE);
      await deliveries.markSending('s', T0, 'a', T0, LEASE);
      expect((await deliveries.claim('s', T0, 'b', T0 + LEASE + 1, LEASE)).kind).toBe('interrupted-send');
    });

    run('puts a refused post back to claimed with its reason, and counts attempts', async () => {
      const { deliveries } = (await fresh()).store;
      await deliveries.claim('s', T0, 'a', T0, LEASE);
      await deliveries.markSending('s', T0, 'a', T0, LEASE);
      await deliveries.markRetry('s', T0, 'a', T0 + 1, LEASE, 'ratelimited');
      expect(await deliveries.get('s', T0)).toMatchObject({
        state: 'claimed',
        attempts: 1,
        reason: 'ratelimited',
        leaseUntil: T0 + 1 + LEASE,
      });
      expect(await deliveries.markFailed('s', T0, 'a', T0 + 2, 'gave up')).toBe(true);
      expect(await deliveries.markSkipped('s', T0, 'a', T0 + 3, 'late')).toBe(false); // final
    });

    run('records a missed slot as skipped only once, and never over an existing row', async () => {
      const { deliveries } = (await fresh()).store;
      expect(await deliveries.recordSkipped('s', T0, T0, 'too late')).toBe(true);
      expect(await deliveries.recordSkipped('s', T0, T0, 'too late')).toBe(false);
      await deliveries.claim('s', T0 + 1, 'a', T0, LEASE);
      expect(await deliveries.recordSkipped('s', T0 + 1, T0, 'too late')).toBe(false);
      expect((await deliveries.get('s', T0 + 1))?.state).toBe('claimed');
      expect((await deliveries.forSchedule('s')).map((d) => d.slot)).toEqual([T0, T0 + 1]);
    });

    run('remembers up to when digests covered new material', async () => {
      const { deliveries } = (await fresh()).store;
      expect(await deliveries.coveredUntil('s')).toBeNull();
      await deliveries.claim('s', T0, 'a', T0, LEASE);
      await deliveries.markSending('s', T0, 'a', T0, LEASE);
      await deliveries.markPosted('s', T0, 'a', T0, T0 + 30);
      expect(await deliveries.coveredUntil('s')).toBe(T0 + 30);
      expect((await deliveries.all()).map((d) => d.coveredUntil)).toEqual([T0 + 30]);
    });
  });

  describe('schedule cursors', () => {
    run('are set once and only move forward', async () => {
      const { cursors } = (await fresh()).store;
      expect(await cursors.get('s')).toBeNull();
      expect(await cursors.init('s', T0)).toBe(T0);
      expect(await cursors.init('s', T0 + 5)).toBe(T0);
      await cursors.advance('s', T0 + 10);
      await cursors.advance('s', T0 + 3);
      expect(await cursors.get('s')).toBe(T0 + 10);
    });
  });

  describe('seen articles', () => {
    run('tells new from changed from unchanged, and adopts an unknown hash without calling it a change', async () => {
      const { articles } = (await fresh()).store;
      expect(await articles.record([{ id: 'a', path: 'a.txt', contentHash: null }], T0)).toEqual({
        added: ['a'],
        changed: [],
      });
      expect(await articles.record([{ id: 'a', path: 'a.txt', contentHash: 'h1' }], T0 + 1)).toEqual({
        added: [],
        changed: [],
      });
      expect(await articles.record([{ id: 'a', path: 'a.txt', contentHash: 'h1' }], T0 + 2)).toEqual({
        added: [],
        changed: [],
      });
      expect(await articles.record([{ id: 'a', path: 'a.txt', contentHash: 'h2' }], T0 + 3)).toEqual({
        added: [],
        changed: ['a'],
      });
      expect(await articles.get('a')).toMatchObject({ firstSeen: T0, changedAt: T0 + 3, contentHash: 'h2' });
      expect(await articles.changedBetween(T0, T0 + 3)).toEqual(['a']);
      expect(await articles.changedBetween(T0 + 3, T0 + 10)).toEqual([]);
      expect(await articles.count()).toBe(1);
    });

    run(
      'finds the records of one file, including the numbered records of a JSON lines file, and not a longer name',
      async () => {
        const { articles } = (await fresh()).store;
        await articles.record(
          [
            { id: 'x1', path: 'feed.jsonl#1', contentHash: 'a' },
            { id: 'x2', path: 'feed.jsonl#2', contentHash: 'b' },
            { id: 'y', path: 'feed.jsonl.bak', contentHash: 'c' },
          ],
          T0,
        );
        expect((await articles.idsFromFile('feed.jsonl')).sort()).toEqual(['x1', 'x2']);
        await articles.forget(['x1']);
        expect(await articles.idsFromFile('feed.jsonl')).toEqual(['x2']);
      },
    );

    run('records a large batch, and two instances recording the same new article count it added once', async () => {
      const { store, again } = await fresh();
      const many = Array.from({ length: 4500 }, (_, i) => ({ id: `n${i}`, path: `n${i}.txt`, contentHash: `h${i}` }));
      expect((await store.articles.record(many, T0)).added).toHaveLength(4500);
      const other = await again();
      const one = [{ id: 'race', path: 'race.txt', contentHash: 'r' }];
      const [a, b] = await Promise.all([store.articles.record(one, T0 + 1), other.articles.record(one, T0 + 1)]);
      expect(a.added.length + b.added.length).toBe(1);
    });
  });

  describe('follows', () => {
    run('treats case and spacing as the same follow, and sends an alert per article version once', async () => {
      const { follows } = (await fresh()).store;
      const f = {
        platform: 'slack',
        userId: 'U1',
        name: 'Amira Haddad',
        entityId: 'e1',
        channelId: null,
        createdAt: T0,
      };
      expect(await follows.follow(f)).toBe(true);
      expect(await follows.follow({ ...f, name: 'amira  haddad' })).toBe(false);
      expect(await follows.list('slack', 'U1')).toHaveLength(1);
      expect(await follows.claimAlert(f, 'art1', 'h1', T0)).toBe(true);
      expect(await follows.claimAlert(f, 'art1', 'h1', T0)).toBe(false);
      expect(await follows.claimAlert(f, 'art1', 'h2', T0)).toBe(true);
      expect((await follows.unfollow('slack', 'U1', ['nobody'], 'e1')).map((r) => r.name)).toEqual(['Amira Haddad']);
      expect(await follows.list('slack', 'U1')).toEqual([]);
      expect(await follows.all()).toEqual([]);
    });
  });

  describe('event guard', () => {
    run('takes an event id once across instances within the window, and again after it', async () => {
      const { store, again } = await fresh();
      const other = await again();
      const WINDOW = 60_000;
      const first = await Promise.all([
        store.events.firstTime('Ev1', T0, WINDOW),
        other.events.firstTime('Ev1', T0, WINDOW),
      ]);
      expect(first.filter(Boolean)).toHaveLength(1);
      expect(await other.events.firstTime('Ev1', T0 + 10, WINDOW)).toBe(false);
      expect(await other.events.firstTime('Ev1', T0 + WINDOW + 1, WINDOW)).toBe(true);
    });
  });
});

afterAll(() => {
  if (!postgresUrl())
    process.stderr.write('state-stores: PostgreSQL tests skipped (no server; see tests/helpers/postgres-setup.ts)\n');
});
