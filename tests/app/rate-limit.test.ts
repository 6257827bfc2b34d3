import { describe, expect, it } from 'vitest';
import { HandlerTimeLimiter, rateLimited } from '../../src/app/rate-limit.ts';
import type { BotCore } from '../../src/app/types.ts';
import type { CommandResult, Invoker } from '../../src/commands/types.ts';
import type { Engine } from '../../src/index/types.ts';

/** Per-user limits on chat commands, charged by how long each command took (issue 15). */
const slackUser = (userId: string): Invoker => ({
  platform: 'slack',
  userId,
  channelId: 'C1',
  isDirectMessage: false,
  canManageChannel: false,
});

/** A bot whose every command keeps the thread busy for `busyMs` (measured by the limiter's own clock). */
function busyBot(busyMs: number): BotCore & { runs: number } {
  const answer: CommandResult = { briefing: { title: 'done', sections: [], citations: {} }, data: {} };
  const bot = {
    runs: 0,
    commands: [],
    engine: {} as Engine,
    async handleText() {
      bot.runs++;
      const until = performance.now() + busyMs;
      while (performance.now() < until) {
        // busy: what a heavy /brief costs the event loop
      }
      return answer;
    },
    async run() {
      return bot.handleText();
    },
  };
  return bot;
}

describe('the handler-time bucket', () => {
  it('refills at its rate, up to its burst, and says how long to wait', () => {
    let t = 0;
    const limiter = new HandlerTimeLimiter({ msPerMinute: 6000, now: () => t });
    expect(limiter.waitFor('u')).toBe(0);
    limiter.charge('u', 9000); // 6,000 saved up, 3,000 owed
    expect(limiter.waitFor('u')).toBe(30_010); // 3,001 ms of budget at 0.1 ms per ms
    t = 30_010;
    expect(limiter.waitFor('u')).toBe(0);
    t = 10_000_000;
    limiter.charge('u', 6000); // a long rest refills to the burst, never beyond
    expect(limiter.waitFor('u')).toBeGreaterThan(0);
  });

  it('forgets the longest-idle users beyond its bound', () => {
    let t = 0;
    const limiter = new HandlerTimeLimiter({ msPerMinute: 60, maxUsers: 2, now: () => t });
    limiter.charge('a', 1000);
    limiter.charge('b', 1000);
    limiter.charge('c', 1000); // a is forgotten: a full bucket again
    expect(limiter.waitFor('a')).toBe(0);
    t += 1;
    expect(limiter.waitFor('c')).toBeGreaterThan(0);
  });
});

describe('rate-limited chat commands', () => {
  it('a user who used up the budget is asked politely to slow down, the command not run; others are not affected', async () => {
    const bot = busyBot(40);
    const limited = rateLimited(bot, new HandlerTimeLimiter({ msPerMinute: 100, burstMs: 30 }));
    expect((await limited.handleText('brief', slackUser('U1'))).briefing.title).toBe('done');
    const refused = await limited.handleText('brief', slackUser('U1'));
    expect(refused.briefing.isError).toBe(true);
    expect(refused.briefing.title).toMatch(
      /^You are asking faster than I can answer\. Please slow down and try again in \d+ seconds?\.$/,
    );
    expect(refused.data).toMatchObject({ error: 'rate-limited' });
    expect(bot.runs).toBe(1);
    expect((await limited.run('brief', {}, slackUser('U2'))).briefing.title).toBe('done');
    expect(bot.runs).toBe(2);
  });

  it('the CLI and the console are the operator, not limited', async () => {
    const bot = busyBot(40);
    const limited = rateLimited(bot, new HandlerTimeLimiter({ msPerMinute: 100, burstMs: 30 }));
    const console: Invoker = {
      platform: 'console',
      userId: 'console',
      channelId: 'console',
      isDirectMessage: true,
      canManageChannel: true,
    };
    for (let i = 0; i < 3; i++) expect((await limited.handleText('brief', console)).briefing.title).toBe('done');
  });
});
