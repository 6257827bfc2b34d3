import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceMissed } from '../../src/scheduler/catch-up.ts';
import { startScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import { MemoryEngine, listingDigest, manualClock, recordingTarget } from '../fakes/memory-engine.ts';
import type { Store } from '../../src/store/index.ts';
import { BACKENDS, closeAll } from '../helpers/stores.ts';

/**
 * Catch-up coalesced (issue 15, item 8): slots missed while down become ONE catch-up digest per briefing, covering
 * the whole gap; the others are recorded as skipped with the reason. On both backends.
 */
const MIN = 60_000;
const dirs: string[] = [];
const running: Scheduler[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await closeAll();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function briefings(cronExpr: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-briefings-'));
  dirs.push(dir);
  writeFileSync(
    path.join(dir, 'five.yaml'),
    `name: Five-minute brief\nschedule: "${cronExpr}"\ntimezone: UTC\ntarget: { platform: console }\n`,
  );
  return dir;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function start(
  store: Store,
  briefingsDir: string,
  clock: ReturnType<typeof manualClock>,
  engine = new MemoryEngine([{ id: 'a1', title: 'Ferry restored', body: 'The ferry runs.' }]),
) {
  const target = recordingTarget('console');
  const scheduler = await startScheduler({
    engine,
    store,
    briefingsDir,
    targets: [target],
    now: clock.now,
    live: false,
    buildDigest: listingDigest,
    logger: quiet,
    graceMinutes: 60,
  });
  running.push(scheduler);
  return { scheduler, target };
}

describe.each(BACKENDS)('catch-up on $name', (backend) => {
  const run = backend.available() ? it : it.skip;

  run(
    'an hour down with a 5-minute schedule: one catch-up digest covering the gap, eleven slots skipped with the reason',
    async () => {
      const { store } = await backend.open();
      const dir = briefings('*/5 * * * *');
      const clock = manualClock('2024-05-06T07:58:00Z');
      const first = await start(store, dir, clock);
      await first.scheduler.stop();
      running.pop();

      // Down from 07:58 to 09:01: the slots 08:00 ... 09:00 (13) were missed. An article arrived meanwhile.
      await store.articles.record([{ id: 'a2', path: 'a2.txt', contentHash: 'x' }], Date.parse('2024-05-06T08:20:00Z'));
      clock.set('2024-05-06T09:01:00Z');
      const engine = new MemoryEngine([
        { id: 'a1', title: 'Ferry restored', body: 'The ferry runs.' },
        { id: 'a2', title: 'Harbour reopens', body: 'The harbour reopened.' },
      ]);
      const { target } = await start(store, dir, clock, engine);
      expect(target.posts).toHaveLength(1);
      expect(target.posts[0].briefing.title).toMatch(/6 May 2024, 09:00/);
      // The catch-up digest covers the gap: the article that arrived at 08:20 is in it.
      expect(target.posts[0].briefing.sections.flatMap((s) => s.items.flatMap((i) => i.cites))).toContain('a2');
      const rows = await store.deliveries.forSchedule('file:five');
      expect(rows).toHaveLength(13);
      expect(rows.filter((r) => r.state === 'posted').map((r) => new Date(r.slot).toISOString())).toEqual([
        '2024-05-06T09:00:00.000Z',
      ]);
      const skipped = rows.filter((r) => r.state === 'skipped');
      expect(skipped).toHaveLength(12);
      expect(new Set(skipped.map((r) => r.reason))).toEqual(
        new Set(['missed while down; covered by the catch-up digest of 2024-05-06T09:00:00.000Z']),
      );
    },
  );

  run('leaves alone a missed slot another instance has a row for', async () => {
    const { store } = await backend.open();
    const t = (hhmm: string) => Date.parse(`2024-05-06T${hhmm}:00Z`);
    await store.deliveries.claim('file:x', t('08:05'), 'other', t('08:05'), 10 * MIN);
    const { remaining, skipped } = await coalesceMissed(
      store.deliveries,
      'file:x',
      [t('08:00'), t('08:05'), t('08:10')],
      t('08:11'),
      60 * MIN,
    );
    expect(remaining).toEqual([t('08:05'), t('08:10')]);
    expect(skipped.map((s) => s.slot)).toEqual(['2024-05-06T08:00:00.000Z']);
  });

  run('beyond the grace period nothing is coalesced: the grace rule records each slot as missed', async () => {
    const { store } = await backend.open();
    const t = (hhmm: string) => Date.parse(`2024-05-06T${hhmm}:00Z`);
    const due = [t('06:00'), t('06:05')];
    expect(await coalesceMissed(store.deliveries, 'file:x', due, t('08:00'), 60 * MIN)).toEqual({
      remaining: due,
      skipped: [],
    });
  });

  run('a schedule added through one scheduler is listed by another on the same database at once', async () => {
    const { store, again } = await backend.open();
    const clock = manualClock('2024-05-06T07:58:00Z');
    const one = await start(store, briefings('0 8 * * *'), clock);
    const two = await start(await again(), briefings('0 8 * * *'), clock);
    await one.scheduler.services.schedules.add({
      platform: 'slack',
      channelId: 'C1',
      userId: 'U1',
      when: 'daily 09:00',
      topics: ['ferry'],
    });
    expect((await two.scheduler.services.schedules.list('slack', 'C1')).map((v) => v.cron)).toEqual(['0 9 * * *']);
    await two.scheduler.services.follows.follow({ platform: 'slack', userId: 'U1', channelId: null, name: 'Ferry' });
    expect(await one.scheduler.services.follows.list('slack', 'U1')).toEqual(['Ferry']);
  });
});
