import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import followCommand from '../../commands/follow.ts';
import scheduleCommand from '../../commands/schedule.ts';
import unfollowCommand from '../../commands/unfollow.ts';
import { loadCommands } from '../../src/commands/registry.ts';
import { runCommand } from '../../src/commands/run.ts';
import type { CommandContext, CommandDefinition, Invoker } from '../../src/commands/types.ts';
import { parseScheduleText } from '../../src/scheduler/schedule-text.ts';
import { startScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import {
  MemoryEngine,
  listingDigest,
  manualClock,
  recordingTarget,
  toArticle,
  type PlainArticle,
} from '../fakes/memory-engine.ts';

/** /schedule, /follow and /unfollow against a running scheduler; follow alerts from the corpus watcher. */

const ARTICLES: PlainArticle[] = [
  {
    id: 'council-1',
    title: 'Council of Brenna approves budget',
    body: 'Mayor Talia Verhoeven said the budget protects schools.',
    date: '2024-04-02',
    path: 'council-1.txt',
  },
  {
    id: 'storm-1',
    title: 'Storm Odile reaches the coast',
    body: 'Forecasters expect Storm Odile to weaken by Friday.',
    date: '2024-04-03',
    path: 'storm-1.txt',
  },
];

let dir: string;
let scheduler: Scheduler;
let engine: MemoryEngine;
const clock = manualClock('2024-05-06T05:00:00Z');
const slack = recordingTarget('slack');
const consoleOut = recordingTarget('console');

/** A loader for the test corpus: title on the first line, body after it. */
async function loadTestFile(file: string, root: string) {
  const text = (await import('node:fs')).readFileSync(file, 'utf8');
  const [title, ...body] = text.split('\n');
  const rel = path.relative(root, file);
  return {
    articles: [toArticle({ id: path.basename(file, '.txt'), title, body: body.join('\n').trim(), path: rel })],
    warnings: [],
  };
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'briefbot-cmd-'));
  mkdirSync(path.join(dir, 'corpus'));
  for (const a of ARTICLES) writeFileSync(path.join(dir, 'corpus', a.path!), `${a.title}\n${a.body}\n`);
  engine = new MemoryEngine(ARTICLES);
  slack.posts.length = 0;
  slack.messages.length = 0;
  consoleOut.messages.length = 0;
  clock.set('2024-05-06T05:00:00Z');
  scheduler = await startScheduler({
    engine,
    dataDir: path.join(dir, 'data'),
    corpusDir: path.join(dir, 'corpus'),
    loadFile: loadTestFile,
    targets: [slack, consoleOut],
    now: clock.now,
    live: false,
    buildDigest: listingDigest,
    defaultTimeZone: 'Europe/Malta',
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
});
afterEach(async () => {
  await scheduler.stop();
  rmSync(dir, { recursive: true, force: true });
});

const admin: Invoker = {
  platform: 'slack',
  userId: 'U_ADMIN',
  channelId: 'C_NEWS',
  isDirectMessage: false,
  canManageChannel: true,
};
const member: Invoker = { ...admin, userId: 'U_MEMBER', canManageChannel: false };

async function run(
  command: CommandDefinition,
  request: string | undefined,
  invoker: Invoker,
  optionName = command.options[0].name,
) {
  const ctx: CommandContext = { engine, invoker, now: clock.now, services: scheduler.services };
  try {
    return await runCommand(command, { [optionName]: request }, ctx);
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('reading "/schedule add"', () => {
  it('takes friendly times, cron, topics and a trailing time zone', () => {
    expect(parseScheduleText('daily 08:00 storm odile Europe/Malta')).toEqual({
      when: 'daily 08:00',
      topics: ['storm odile'],
      timeZone: 'Europe/Malta',
    });
    expect(parseScheduleText('"0 7 * * 1-5" brenna, verhoeven')).toEqual({
      when: '0 7 * * 1-5',
      topics: ['brenna', 'verhoeven'],
    });
    expect(parseScheduleText('30 6 * * mon-fri')).toEqual({ when: '30 6 * * mon-fri', topics: [] });
    expect(parseScheduleText('weekly fri 5pm UTC')).toEqual({ when: 'weekly fri 5pm', topics: [], timeZone: 'UTC' });
    expect(parseScheduleText('whenever you like')).toBeNull();
  });
});

describe('/schedule', () => {
  it('adds a schedule for this channel, lists it, runs it, and removes it', async () => {
    const added = await run(scheduleCommand, 'add daily 08:00 storm odile', admin);
    expect('briefing' in added && added.briefing.title).toMatch(
      /^Scheduled digest #1: 0 8 \* \* \* \(Europe\/Malta\) · storm odile; next 2024-05-06 06:00 UTC$/,
    );
    const listed = await run(scheduleCommand, 'list', member);
    expect('data' in listed && listed.data.schedules).toMatchObject([
      { id: '1', cron: '0 8 * * *', timeZone: 'Europe/Malta', topics: ['storm odile'] },
    ]);

    clock.set('2024-05-06T06:00:00Z');
    await scheduler.runDue();
    expect(slack.posts.map((p) => [p.channelId, p.briefing.sections[0]?.items.map((i) => i.cites[0])])).toEqual([
      ['C_NEWS', ['storm-1']],
    ]);

    expect('briefing' in (await run(scheduleCommand, 'remove 1', admin))).toBe(true);
    clock.set('2024-05-07T06:00:00Z');
    await scheduler.runDue();
    expect(slack.posts).toHaveLength(1);
  });

  it('refuses, politely, people who may not manage the channel', async () => {
    const refused = await run(scheduleCommand, 'add daily 08:00', member);
    expect(refused).toEqual({
      error: expect.stringMatching(/^Sorry, only people who manage this channel can change its schedules/),
    });
    expect(await scheduler.store.schedules.list()).toEqual([]);
  });

  it('rejects an invalid cron or time zone at once, with the reason', async () => {
    expect(await run(scheduleCommand, 'add "0 25 * * *"', admin)).toEqual({
      error: expect.stringMatching(/invalid cron expression “0 25 \* \* \*”/),
    });
    expect(await run(scheduleCommand, 'add daily 08:00 storms Mars/Olympus', admin)).toEqual({
      error: expect.stringMatching(/“Mars\/Olympus” is not an IANA time zone/),
    });
    expect(await run(scheduleCommand, 'add "* * * * *"', admin)).toEqual({
      error: expect.stringMatching(/more often than every 5 minutes/),
    });
    expect(await run(scheduleCommand, 'add at some point', admin)).toEqual({
      error: expect.stringMatching(/could not read a schedule/),
    });
  });

  it('refuses a schedule whose slots come closer than 5 minutes anywhere in the day, whenever it is added', async () => {
    clock.set('2024-05-06T06:03:00Z'); // 08:03 in Malta: the next two slots, 08:04 and 08:00 tomorrow, are a day apart
    expect(await run(scheduleCommand, 'add "0-4 8 * * *"', admin)).toEqual({
      error: expect.stringMatching(/more often than every 5 minutes/),
    });
    expect(await run(scheduleCommand, 'add "0 8,23 * * *"', admin)).not.toHaveProperty('error');
    expect(await scheduler.store.schedules.list()).toHaveLength(1);
  });

  it('does not let one channel remove another channel’s schedule', async () => {
    await run(scheduleCommand, 'add daily 09:00', admin);
    const elsewhere = { ...admin, channelId: 'C_OTHER' };
    expect(await run(scheduleCommand, 'remove 1', elsewhere)).toEqual({
      error: expect.stringMatching(/no chat schedule #1/),
    });
    expect(await scheduler.store.schedules.list()).toHaveLength(1);
  });

  it('survives a restart: the schedule is read back from the database', async () => {
    await run(scheduleCommand, 'add weekdays 07:30 brenna', admin);
    await scheduler.stop();
    scheduler = await startScheduler({
      engine,
      dataDir: path.join(dir, 'data'),
      targets: [slack],
      now: clock.now,
      live: false,
      buildDigest: listingDigest,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    expect(scheduler.schedules().map((s) => [s.id, s.cron, s.timeZone])).toEqual([
      ['chat:1', '30 7 * * 1-5', 'Europe/Malta'],
    ]);
  });

  it('answers on the CLI that schedules belong to the running bot', async () => {
    const cli: Invoker = {
      platform: 'cli',
      userId: 'cli',
      channelId: null,
      isDirectMessage: true,
      canManageChannel: false,
    };
    expect(await run(scheduleCommand, 'list', cli)).toEqual({ error: expect.stringMatching(/running bot/) });
  });
});

describe('/follow and alerts', () => {
  it('resolves the name, and DMs the follower when a newly loaded article mentions it, once', async () => {
    const followed = await run(followCommand, 'Verhoeven', { ...member, isDirectMessage: true });
    expect('data' in followed && followed.data).toMatchObject({ name: 'Talia Verhoeven', known: true });

    writeFileSync(
      path.join(dir, 'corpus', 'council-2.txt'),
      'Brenna schools get new roofs\nTalia Verhoeven opened the first renovated school.\n',
    );
    writeFileSync(path.join(dir, 'corpus', 'storm-2.txt'), 'Storm Odile weakens\nThe storm weakened overnight.\n');
    await scheduler.ingestFile('add', path.join(dir, 'corpus', 'council-2.txt'));
    await scheduler.ingestFile('add', path.join(dir, 'corpus', 'storm-2.txt'));
    expect(slack.messages).toEqual([
      {
        userId: 'U_MEMBER',
        text: expect.stringMatching(/^New article mentioning Talia Verhoeven:\n• Brenna schools get new roofs/),
      },
    ]);

    await scheduler.ingestFile('change', path.join(dir, 'corpus', 'council-2.txt')); // unchanged content: no news
    expect(slack.messages).toHaveLength(1);
    expect(engine.article('council-2')?.title).toBe('Brenna schools get new roofs');
  });

  it('follows a name no article mentions yet, and alerts when one does', async () => {
    const followed = await run(followCommand, 'Harbour Board', {
      ...member,
      platform: 'console',
      channelId: 'console',
    });
    expect('data' in followed && followed.data).toMatchObject({ name: 'Harbour Board', known: false });
    writeFileSync(path.join(dir, 'corpus', 'ferry.txt'), 'Ferry returns\nThe Harbour Board restored the ferry.\n');
    await scheduler.ingestFile('add', path.join(dir, 'corpus', 'ferry.txt'));
    expect(consoleOut.messages.map((m) => m.text.split('\n')[0])).toEqual(['New article mentioning Harbour Board:']);
  });

  it('unfollows by any name of the entity, and a removed file leaves the engine', async () => {
    await run(followCommand, 'talia verhoeven', member);
    const gone = await run(unfollowCommand, 'Verhoeven', member);
    expect('data' in gone && gone.data).toMatchObject({ removed: ['Talia Verhoeven'], following: [] });
    rmSync(path.join(dir, 'corpus', 'storm-1.txt'));
    await scheduler.ingestFile('unlink', path.join(dir, 'corpus', 'storm-1.txt'));
    expect(engine.article('storm-1')).toBeUndefined();
  });

  it('sees a file added while the bot runs through the live watcher', async () => {
    await scheduler.stop();
    scheduler = await startScheduler({
      engine,
      dataDir: path.join(dir, 'data'),
      corpusDir: path.join(dir, 'corpus'),
      loadFile: loadTestFile,
      targets: [slack],
      now: clock.now,
      live: true,
      buildDigest: listingDigest,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await run(followCommand, 'Odile', member);
    writeFileSync(path.join(dir, 'corpus', 'storm-3.txt'), 'Storm Odile leaves\nStorm Odile moved out to sea.\n');
    await vi.waitFor(() => expect(slack.messages.map((m) => m.userId)).toEqual(['U_MEMBER']), {
      timeout: 3000,
      interval: 50,
    });
    expect(engine.article('storm-3')).toBeDefined();
  });
});

describe('the command modules', () => {
  it('load through the registry beside the others', async () => {
    const names = (await loadCommands()).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['schedule', 'follow', 'unfollow']));
  });
});
