import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import cron from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { startScheduler, type Scheduler, type SchedulerOptions } from '../../src/scheduler/index.ts';
import { slotsBetween } from '../../src/scheduler/cron.ts';
import {
  MemoryEngine,
  listingDigest,
  manualClock,
  recordingTarget,
  toArticle,
  type PlainArticle,
} from '../fakes/memory-engine.ts';
import { openSqliteStore } from '../../src/store/index.ts';

/** The scheduler on a controlled clock: slot instants across DST, grace periods, restarts, retries, nothing new. */

const iso = (t: number | string) => new Date(t).toISOString();
const MIN = 60_000;

const ARTICLES: PlainArticle[] = [
  {
    id: 'harbour-1',
    title: 'Dockworkers at Port Velmar walk out over pay',
    body: 'Dockworkers led by Ines Morrow stopped work at Port Velmar on Monday.',
    date: '2024-03-04',
  },
  {
    id: 'harbour-2',
    title: 'Port Velmar talks resume',
    body: 'The Port Authority and Ines Morrow met again on Thursday.',
    date: '2024-03-07',
  },
  {
    id: 'flood-1',
    title: 'River Aske floods three villages',
    body: 'Rescue teams evacuated 240 people along the River Aske.',
    date: '2024-03-06',
  },
];

const dirs: string[] = [];
const running: Scheduler[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function briefingsWith(files: Record<string, string>): string {
  const dir = tempDir('briefbot-briefings-');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function start(
  options: Partial<SchedulerOptions> & Pick<SchedulerOptions, 'targets' | 'now'>,
): Promise<Scheduler> {
  const scheduler = await startScheduler({
    engine: new MemoryEngine(ARTICLES),
    dataDir: tempDir('briefbot-data-'),
    live: false,
    buildDigest: listingDigest,
    sleep: async () => undefined,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    ...options,
  });
  running.push(scheduler);
  return scheduler;
}

const consoleBrief = (cronExpr: string, timeZone: string, extra = '') =>
  `name: Test brief\nschedule: "${cronExpr}"\ntimezone: ${timeZone}\ntarget: { platform: console }\n${extra}`;

describe('slots across a daylight-saving change, in two time zones', () => {
  it('computes 08:00 Malta as 07:00Z before 31 March and 06:00Z after, and 02:30 New York once on the day it does not exist', () => {
    const malta = slotsBetween(
      '0 8 * * *',
      'Europe/Malta',
      Date.parse('2024-03-29T12:00:00Z'),
      Date.parse('2024-04-01T12:00:00Z'),
    ).map(iso);
    expect(malta).toEqual(['2024-03-30T07:00:00.000Z', '2024-03-31T06:00:00.000Z', '2024-04-01T06:00:00.000Z']);
    const newYork = slotsBetween(
      '30 2 * * *',
      'America/New_York',
      Date.parse('2024-03-09T00:00:00Z'),
      Date.parse('2024-03-11T12:00:00Z'),
    ).map(iso);
    expect(newYork).toEqual(['2024-03-09T07:30:00.000Z', '2024-03-10T07:30:00.000Z', '2024-03-11T06:30:00.000Z']);
    const fallBack = slotsBetween(
      '30 1 * * *',
      'America/New_York',
      Date.parse('2024-11-02T12:00:00Z'),
      Date.parse('2024-11-04T12:00:00Z'),
    ).map(iso);
    expect(fallBack).toEqual(['2024-11-03T05:30:00.000Z', '2024-11-04T06:30:00.000Z']);
  });

  it('agrees with node-cron, which runs the live ticks, on which instants match', () => {
    const task = cron.createTask('0 8 * * *', () => undefined, { timezone: 'Europe/Malta' });
    expect(task.match(new Date('2024-03-30T07:00:00Z'))).toBe(true);
    expect(task.match(new Date('2024-03-31T06:00:00Z'))).toBe(true);
    expect(task.match(new Date('2024-03-31T07:00:00Z'))).toBe(false);
    void task.destroy();
  });

  it('posts each slot at its instant, not before, when driven minute by minute through both changes', async () => {
    const clock = manualClock('2024-03-08T00:00:00Z');
    const target = recordingTarget('console');
    const briefingsDir = briefingsWith({
      'malta.yaml': consoleBrief('0 8 * * *', 'Europe/Malta'),
      'newyork.yaml': consoleBrief('30 2 * * *', 'America/New_York'),
    });
    const scheduler = await start({ briefingsDir, targets: [target], now: clock.now, graceMinutes: 5 });
    const postedAt: Record<string, string[]> = { 'file:malta': [], 'file:newyork': [] };
    for (let t = Date.parse('2024-03-08T00:00:00Z'); t <= Date.parse('2024-04-01T12:00:00Z'); t += 5 * MIN) {
      clock.set(iso(t));
      for (const o of await scheduler.runDue()) {
        if (o.result !== 'posted') throw new Error(JSON.stringify(o));
        postedAt[o.scheduleId].push(o.slot);
        expect(t - Date.parse(o.slot)).toBeGreaterThanOrEqual(0);
        expect(t - Date.parse(o.slot)).toBeLessThan(5 * MIN);
      }
    }
    expect(postedAt['file:malta']).toHaveLength(25);
    expect(postedAt['file:malta']).toEqual(
      expect.arrayContaining(['2024-03-30T07:00:00.000Z', '2024-03-31T06:00:00.000Z']),
    );
    expect(postedAt['file:malta']).not.toContain('2024-03-31T07:00:00.000Z');
    expect(postedAt['file:newyork'].slice(0, 4)).toEqual([
      '2024-03-08T07:30:00.000Z',
      '2024-03-09T07:30:00.000Z',
      '2024-03-10T07:30:00.000Z',
      '2024-03-11T06:30:00.000Z',
    ]);
    expect(target.posts).toHaveLength(25 + 25);
  });
});

describe('restarts', () => {
  const brief = consoleBrief('0 8 * * *', 'Europe/Malta');

  it('posts a slot missed while down once, on start, inside the grace period', async () => {
    const dataDir = tempDir('briefbot-data-');
    const briefingsDir = briefingsWith({ 'm.yaml': brief });
    const clock = manualClock('2024-05-06T05:00:00Z');
    const first = recordingTarget('console');
    await (await start({ dataDir, briefingsDir, targets: [first], now: clock.now })).stop();
    running.pop();

    clock.set('2024-05-06T06:40:00Z'); // 08:40 in Malta: 40 minutes late
    const second = recordingTarget('console');
    await start({ dataDir, briefingsDir, targets: [second], now: clock.now, graceMinutes: 60 });
    expect(second.posts).toHaveLength(1);
    expect(second.posts[0].briefing.title).toMatch(/^Test brief, 6 May 2024, 08:00/);
    await running.pop()!.stop();

    clock.set('2024-05-06T06:50:00Z');
    const third = recordingTarget('console');
    await start({ dataDir, briefingsDir, targets: [third], now: clock.now, graceMinutes: 60 });
    expect(third.posts).toHaveLength(0);
  });

  it('never posts a slot missed beyond the grace period, and records it as skipped with the reason', async () => {
    const dataDir = tempDir('briefbot-data-');
    const briefingsDir = briefingsWith({ 'm.yaml': brief });
    const clock = manualClock('2024-05-06T05:00:00Z');
    await (await start({ dataDir, briefingsDir, targets: [recordingTarget()], now: clock.now })).stop();
    running.pop();

    clock.set('2024-05-06T08:30:00Z'); // two and a half hours late
    const target = recordingTarget('console');
    const scheduler = await start({ dataDir, briefingsDir, targets: [target], now: clock.now, graceMinutes: 60 });
    expect(target.posts).toHaveLength(0);
    expect(await scheduler.store.deliveries.forSchedule('file:m')).toMatchObject([
      { state: 'skipped', reason: expect.stringMatching(/^missed by 150 min, beyond the 60-minute grace period/) },
    ]);
    clock.set('2024-05-06T08:31:00Z');
    await scheduler.runDue();
    expect(target.posts).toHaveLength(0);
  });

  it('does not invent slots from before a schedule existed', async () => {
    const clock = manualClock('2024-05-06T06:30:00Z'); // 30 minutes after a slot, on first start
    const target = recordingTarget('console');
    await start({
      dataDir: tempDir('briefbot-data-'),
      briefingsDir: briefingsWith({ 'm.yaml': brief }),
      targets: [target],
      now: clock.now,
    });
    expect(target.posts).toHaveLength(0);
  });

  it('takes over a slot whose process died while building the digest, and posts it once', async () => {
    const dataDir = tempDir('briefbot-data-');
    const briefingsDir = briefingsWith({ 'm.yaml': brief });
    const clock = manualClock('2024-05-06T05:59:00Z');
    const dying = await start({
      dataDir,
      briefingsDir,
      targets: [recordingTarget()],
      now: clock.now,
      leaseMs: 5 * MIN,
      owner: 'dying',
      buildDigest: () => {
        throw new Error('killed');
      },
    });
    clock.set('2024-05-06T06:00:00Z');
    await dying.runDue();
    expect((await dying.store.deliveries.get('file:m', Date.parse('2024-05-06T06:00:00Z')))?.state).toBe('claimed');

    clock.set('2024-05-06T06:02:00Z'); // lease still held by the dead owner: hands off
    const target = recordingTarget('console');
    const heir = await start({
      dataDir,
      briefingsDir,
      targets: [target],
      now: clock.now,
      leaseMs: 5 * MIN,
      owner: 'heir',
    });
    expect(target.posts).toHaveLength(0);
    clock.set('2024-05-06T06:06:00Z');
    await heir.runDue();
    await heir.runDue();
    expect(target.posts).toHaveLength(1);
  });

  it('does not post again a slot whose process died after the platform accepted it (at most once)', async () => {
    const dataDir = tempDir('briefbot-data-');
    const briefingsDir = briefingsWith({ 'm.yaml': brief });
    const clock = manualClock('2024-05-06T05:59:00Z');
    const wire: string[] = [];
    // The platform accepts, then the process freezes before it can record the post.
    const frozen = recordingTarget('console', { afterAccept: () => new Promise<void>(() => wire.push('accepted')) });
    const dying = await start({
      dataDir,
      briefingsDir,
      targets: [frozen],
      now: clock.now,
      leaseMs: 5 * MIN,
      owner: 'dying',
    });
    clock.set('2024-05-06T06:00:00Z');
    void dying.runDue();
    await new Promise((r) => setImmediate(r));
    expect(wire).toEqual(['accepted']);
    running.pop(); // abandoned, as a killed process would be

    clock.set('2024-05-06T06:10:00Z');
    const target = recordingTarget('console');
    const heir = await start({
      dataDir,
      briefingsDir,
      targets: [target],
      now: clock.now,
      leaseMs: 5 * MIN,
      owner: 'heir',
    });
    expect(frozen.posts.length + target.posts.length).toBe(1);
    expect(await heir.store.deliveries.get('file:m', Date.parse('2024-05-06T06:00:00Z'))).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/outcome unknown/),
    });
  });

  it('asks the platform, when the adapter can tell, whether an interrupted post went out', async () => {
    const dataDir = tempDir('briefbot-data-');
    const briefingsDir = briefingsWith({ 'm.yaml': brief });
    const clock = manualClock('2024-05-06T05:59:00Z');
    const frozen = recordingTarget('console', { beforeAccept: () => new Promise<void>(() => undefined) });
    const dying = await start({
      dataDir,
      briefingsDir,
      targets: [frozen],
      now: clock.now,
      leaseMs: 5 * MIN,
      owner: 'dying',
    });
    clock.set('2024-05-06T06:00:00Z');
    void dying.runDue();
    await new Promise((r) => setImmediate(r));
    running.pop();

    clock.set('2024-05-06T06:10:00Z');
    const target = { ...recordingTarget('console'), wasPosted: async () => false };
    const posts = target.posts;
    await start({ dataDir, briefingsDir, targets: [target], now: clock.now, leaseMs: 5 * MIN, owner: 'heir' });
    expect(frozen.posts).toHaveLength(0);
    expect(posts).toHaveLength(1);
  });
});

describe('delivery', () => {
  it('retries a failed post with back-off, honouring the platform’s wait, logs the reason, and posts once', async () => {
    const clock = manualClock('2024-05-06T05:59:00Z');
    const target = recordingTarget('slack');
    target.failures.push(
      Object.assign(new Error('ratelimited'), { retryAfterMs: 30_000 }),
      new Error('socket hang up'),
    );
    const waits: number[] = [];
    const warnings: string[] = [];
    const scheduler = await start({
      dataDir: tempDir('briefbot-data-'),
      briefingsDir: briefingsWith({
        's.yaml': 'name: S\nschedule: "0 6 * * *"\ntarget: { platform: slack, channel: C1 }\n',
      }),
      targets: [target],
      now: clock.now,
      sleep: async (ms) => void waits.push(ms),
      retry: { baseDelayMs: 1000 },
      logger: {
        info: () => undefined,
        warn: (o: object) => void warnings.push((o as { reason?: string }).reason ?? ''),
        error: () => undefined,
      },
    });
    clock.set('2024-05-06T06:00:00Z');
    await scheduler.runDue();
    await scheduler.runDue();
    expect(target.attempts).toBe(3);
    expect(target.posts).toHaveLength(1);
    expect(target.posts[0].channelId).toBe('C1');
    expect(waits[0]).toBe(30_000);
    expect(waits[1]).toBeGreaterThanOrEqual(2000);
    expect(warnings).toEqual(['ratelimited', 'socket hang up']);
    expect(await scheduler.store.deliveries.forSchedule('file:s')).toMatchObject([{ state: 'posted', attempts: 3 }]);
  });

  it('gives up after the last attempt and records the failure, without posting later', async () => {
    const clock = manualClock('2024-05-06T05:59:00Z');
    const target = recordingTarget('discord');
    target.failures.push(...Array.from({ length: 3 }, () => new Error('Missing Access')));
    const scheduler = await start({
      dataDir: tempDir('briefbot-data-'),
      briefingsDir: briefingsWith({
        'd.yaml': 'name: D\nschedule: "0 6 * * *"\ntarget: { platform: discord, channel: "123" }\n',
      }),
      targets: [target],
      now: clock.now,
      retry: { maxAttempts: 3 },
    });
    clock.set('2024-05-06T06:00:00Z');
    await scheduler.runDue();
    clock.set('2024-05-06T06:30:00Z');
    await scheduler.runDue();
    expect(target.attempts).toBe(3);
    expect(target.posts).toHaveLength(0);
    expect(await scheduler.store.deliveries.forSchedule('file:d')).toMatchObject([
      { state: 'failed', reason: 'Missing Access' },
    ]);
  });

  it('tells only what is new since the last digest, in one line when nothing is, or skips as configured', async () => {
    const clock = manualClock('2024-05-06T05:59:00Z');
    const target = recordingTarget('console');
    const engine = new MemoryEngine(ARTICLES);
    const scheduler = await start({
      engine,
      dataDir: tempDir('briefbot-data-'),
      briefingsDir: briefingsWith({
        'port.yaml': consoleBrief('0 8 * * *', 'Europe/Malta', 'topics: [port velmar]\n'),
        'quiet.yaml': consoleBrief('5 8 * * *', 'Europe/Malta', 'topics: [port velmar]\nifNothingNew: skip\n'),
      }),
      targets: [target],
      now: clock.now,
    });
    clock.set('2024-05-06T06:10:00Z');
    await scheduler.runDue();
    expect(target.posts).toHaveLength(2);
    expect(target.posts[0].briefing.sections[0].items.map((i) => i.cites[0]).sort()).toEqual([
      'harbour-1',
      'harbour-2',
    ]);

    clock.set('2024-05-07T06:10:00Z');
    await scheduler.runDue();
    expect(target.posts).toHaveLength(3);
    expect(target.posts[2].briefing.sections).toEqual([]);
    expect(target.posts[2].briefing.note).toMatch(
      /^Nothing new about port velmar since 6 May 2024, 08:10 \(Europe\/Malta\)\.$/,
    );
    expect((await scheduler.store.deliveries.forSchedule('file:quiet')).map((d) => d.state)).toEqual([
      'posted',
      'skipped',
    ]);

    clock.set('2024-05-07T09:00:00Z');
    // No corpus folder here: the article arrives through the engine and the store, as the watcher would add it.
    await engine.addArticles([
      toArticle({ id: 'harbour-3', title: 'Port Velmar strike ends', body: 'Ines Morrow signed a deal.' }),
    ]);
    await scheduler.store.articles.record(
      [{ id: 'harbour-3', path: 'harbour-3.txt', contentHash: 'h3' }],
      clock.now().getTime(),
    );
    clock.set('2024-05-08T06:10:00Z');
    await scheduler.runDue();
    const latest = target.posts.slice(3).map((p) => p.briefing.sections[0]?.items.map((i) => i.cites[0]));
    expect(latest).toEqual([['harbour-3'], ['harbour-3']]);
  });

  it('records a failure, not a post, when the target platform is not running', async () => {
    const clock = manualClock('2024-05-06T05:59:00Z');
    const scheduler = await start({
      dataDir: tempDir('briefbot-data-'),
      briefingsDir: briefingsWith({
        's.yaml': 'name: S\nschedule: "0 6 * * *"\ntarget: { platform: slack, channel: C1 }\n',
      }),
      targets: [recordingTarget('console')],
      now: clock.now,
    });
    clock.set('2024-05-06T06:00:00Z');
    await scheduler.runDue();
    expect(await scheduler.store.deliveries.forSchedule('file:s')).toMatchObject([
      { state: 'failed', reason: 'no slack connection is running' },
    ]);
  });
});

describe('two schedulers on one database file, in one process', () => {
  it('post each slot once between them', async () => {
    const dataDir = tempDir('briefbot-data-');
    const briefingsDir = briefingsWith({ 'fast.yaml': consoleBrief('*/15 * * * *', 'UTC') });
    const clock = manualClock('2024-05-06T00:00:00Z');
    const a = recordingTarget('console');
    const b = recordingTarget('console');
    const one = await start({ dataDir, briefingsDir, targets: [a], now: clock.now, owner: 'one' });
    const two = await start({ dataDir, briefingsDir, targets: [b], now: clock.now, owner: 'two' });
    for (let i = 1; i <= 20; i++) {
      clock.advance(15 * MIN);
      await Promise.all([one.runDue(), two.runDue()]);
    }
    expect(a.posts.length + b.posts.length).toBe(20);
    const store = openSqliteStore({ dataDir });
    expect((await store.deliveries.forSchedule('file:fast')).filter((d) => d.state === 'posted')).toHaveLength(20);
    await store.close();
  });
});
