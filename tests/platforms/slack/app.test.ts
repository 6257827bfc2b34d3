import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCommands } from '../../../src/commands/registry.ts';
import type { CommandServices } from '../../../src/commands/types.ts';
import { ConfigError } from '../../../src/config/env.ts';
import type { DeliveryTarget } from '../../../src/scheduler/types.ts';
import { HttpServer } from '../../../src/platforms/http/server.ts';
import { MORE_ACTION, SHARE_ACTION } from '../../../src/platforms/slack/messages.ts';
import { startSlack, type SlackAdapter } from '../../../src/platforms/slack/start.ts';
import {
  buttonBody,
  doubleBot,
  eventBody,
  FakeSlack,
  FAKE_BOT,
  HOSTILE,
  postToBot,
  slashCommandBody,
  type SlackCall,
} from '../../fakes/slack-api.ts';

/**
 * The real Bolt app in HTTP mode, mounted on the service's HTTP server on 127.0.0.1, talking to a fake Slack
 * (Web API and response_url) through SLACK_API_URL. No token, no internet.
 */
const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
/** Follows and schedules as the scheduler would provide them, for App Home. */
const services: CommandServices = {
  follows: {
    list: async (_platform, userId) => (userId === 'U0000005' ? ['Khalifa Haftar', '<!channel> fans'] : []),
    follow: () => {
      throw new Error('unused');
    },
    unfollow: async () => [],
  },
  schedules: {
    defaultTimeZone: 'UTC',
    list: async (_platform, channelId) =>
      channelId === 'C0000042'
        ? [
            {
              id: 'chat:1',
              name: 'Morning Libya',
              source: 'chat',
              cron: '0 8 * * *',
              timeZone: 'Europe/Malta',
              topics: ['haftar'],
              nextRun: '2026-11-24T07:00:00.000Z',
            },
          ]
        : [],
    add: () => {
      throw new Error('unused');
    },
    remove: async () => false,
  },
};

let fake: FakeSlack;
let http: HttpServer;
let slack: SlackAdapter;
let bot: ReturnType<typeof doubleBot>;
let eventsUrl: string;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  bot = doubleBot(await loadCommands());
  http = new HttpServer();
  slack = await startSlack({
    bot,
    botToken: fake.acceptToken,
    signingSecret: SECRET,
    http,
    apiUrl: fake.apiUrl,
    directCommands: ['timeline'],
    adminUserIds: ['UADMIN1'],
    services,
    homeChannels: ['C0000042'],
  });
  const port = await http.listen(0, '127.0.0.1');
  eventsUrl = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  await slack?.stop();
  await http?.close();
  await fake?.close();
});

afterEach(() => {
  bot.calls.length = 0;
});

const responseTo = (url: string) => (c: SlackCall) =>
  c.method === 'response' && url.endsWith(`/response/${c.responseId}`);
const texts = (blocks: { type: string; text?: { text: string }; elements?: { text?: string }[] }[]) =>
  blocks.flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text ?? '')]).join('\n');

describe('slash commands', () => {
  it('acknowledges a signed /brief who haftar inside 3 s, then answers at the response_url with the expected blocks', async () => {
    const responseUrl = fake.responseUrl();
    const ack = await postToBot(eventsUrl, slashCommandBody({ command: '/brief', text: 'who haftar', responseUrl }), {
      secret: SECRET,
    });
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    const answer = await fake.waitFor(responseTo(responseUrl));
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Khalifa Haftar', emoji: false },
    });
    expect(texts(answer.body.blocks)).toContain('• *Field Marshal* commander of the LNA (asked: haftar) [1]');
    expect(texts(answer.body.blocks)).toContain(
      '[1] <https://news.example/haftar|Haftar advances on Tripoli> · Reuters · 4 April 2019',
    );
    const actions = answer.body.blocks.at(-1);
    expect(actions.elements.map((e: { action_id: string }) => e.action_id)).toEqual([SHARE_ACTION]);
    expect(answer.body.text).toContain('Khalifa Haftar');
    expect(bot.calls[0]).toMatchObject({
      text: 'who haftar',
      invoker: {
        platform: 'slack',
        userId: 'U0000001',
        channelId: 'C0000001',
        isDirectMessage: false,
        canManageChannel: false,
      },
    });
  });

  it('treats /brief alone as help, written the Slack way, and routes a direct /timeline', async () => {
    const helpUrl = fake.responseUrl();
    await postToBot(eventsUrl, slashCommandBody({ command: '/brief', text: '', responseUrl: helpUrl }), {
      secret: SECRET,
    });
    const help = await fake.waitFor(responseTo(helpUrl));
    expect(texts(help.body.blocks)).toContain('*/brief who haftar*');
    expect(texts(help.body.blocks)).toMatch(/\*\/timeline [^*]+\*/); // a direct command is shown as itself
    const timelineUrl = fake.responseUrl();
    await postToBot(
      eventsUrl,
      slashCommandBody({ command: '/timeline', text: 'malta', responseUrl: timelineUrl, userId: 'UADMIN1' }),
      { secret: SECRET },
    );
    await fake.waitFor(responseTo(timelineUrl));
    expect(bot.calls.at(-1)).toMatchObject({ text: 'timeline malta', invoker: { canManageChannel: true } });
  });

  it('refuses a bad signature or a stale timestamp with 401 and runs no handler', async () => {
    const responseUrl = fake.responseUrl();
    const body = slashCommandBody({ command: '/brief', text: 'who haftar', responseUrl });
    const forged = await postToBot(eventsUrl, body, { secret: SECRET, signWith: 'ffffffffffffffffffffffffffffffff' });
    expect(forged.status).toBe(401);
    const stale = await postToBot(eventsUrl, body, {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(bot.calls).toEqual([]);
    expect(fake.calls.filter(responseTo(responseUrl))).toEqual([]);
  });

  it('refuses a timestamp more than 5 minutes in the future (+10 minutes, +10 years) with 401 and runs no handler', async () => {
    const responseUrl = fake.responseUrl();
    const body = slashCommandBody({ command: '/brief', text: 'who haftar', responseUrl });
    const now = Math.floor(Date.now() / 1000);
    for (const ahead of [10 * 60, 10 * 365 * 24 * 3600]) {
      expect((await postToBot(eventsUrl, body, { secret: SECRET, timestamp: now + ahead })).status).toBe(401);
    }
    expect((await postToBot(eventsUrl, body, { secret: SECRET, timestamp: Number.NaN })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(bot.calls).toEqual([]);
    expect(fake.calls.filter(responseTo(responseUrl))).toEqual([]);
  });

  it('answers a failing handler with a short apology and an error id; the log has the cause, never the token', async () => {
    const logged: string[] = [];
    const spy = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: string | Uint8Array) => (logged.push(String(chunk)), true));
    try {
      const responseUrl = fake.responseUrl();
      await postToBot(eventsUrl, slashCommandBody({ command: '/brief', text: 'search explode', responseUrl }), {
        secret: SECRET,
      });
      const answer = await fake.waitFor(responseTo(responseUrl));
      const id = /error ([A-Z0-9]+)\)/.exec(answer.body.text)?.[1];
      expect(answer.body.text).toMatch(/^Sorry, something went wrong answering that \(error [A-Z0-9]+\)\.$/);
      expect(JSON.stringify(answer.body)).not.toMatch(/exploded|at .*\.ts|xoxb-/);
      const line = logged.find((l) => l.includes(id!));
      expect(line).toContain('engine exploded');
      expect(logged.join('')).not.toContain(fake.acceptToken);
    } finally {
      spy.mockRestore();
    }
  });

  it('renders hostile article text and user input as inert text', async () => {
    const responseUrl = fake.responseUrl();
    await postToBot(eventsUrl, slashCommandBody({ command: '/brief', text: 'hostile <!channel>', responseUrl }), {
      secret: SECRET,
    });
    const answer = await fake.waitFor(responseTo(responseUrl));
    const all = `${texts(answer.body.blocks)}\n${answer.body.text}`;
    expect(all).not.toMatch(/<[!@#]|<https?:/);
    expect(all).toContain('&lt;!channel&gt; @here &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; left');
    const echoUrl = fake.responseUrl();
    await postToBot(
      eventsUrl,
      slashCommandBody({ command: '/brief', text: 'who <!here> <@U42|x>', responseUrl: echoUrl }),
      { secret: SECRET },
    );
    const echo = await fake.waitFor(responseTo(echoUrl));
    expect(texts(echo.body.blocks)).toContain('(asked: &lt;!here&gt; &lt;@U42|x&gt;)');
  });
});

describe('buttons', () => {
  it('Share in channel posts the same answer for everyone and removes the private copy', async () => {
    const responseUrl = fake.responseUrl();
    await postToBot(
      eventsUrl,
      buttonBody({
        actionId: SHARE_ACTION,
        value: JSON.stringify({ t: 'who haftar', p: 1 }),
        responseUrl,
        userId: 'U0000007',
      }),
      { secret: SECRET },
    );
    const shared = await fake.waitFor((c) => responseTo(responseUrl)(c) && c.body.response_type === 'in_channel');
    expect(texts(shared.body.blocks)).toContain('Shared by <@U0000007>');
    expect(texts(shared.body.blocks)).toContain('commander of the LNA');
    expect(shared.body.blocks.some((b: { type: string }) => b.type === 'actions')).toBe(false);
    await fake.waitFor((c) => responseTo(responseUrl)(c) && c.body.delete_original === true);
  });

  it('More shows the next page of a long answer', async () => {
    const firstUrl = fake.responseUrl();
    await postToBot(eventsUrl, slashCommandBody({ command: '/brief', text: 'timeline long', responseUrl: firstUrl }), {
      secret: SECRET,
    });
    const first = await fake.waitFor(responseTo(firstUrl));
    expect(first.body.blocks.length).toBeLessThanOrEqual(50);
    const more = first.body.blocks.at(-1).elements.find((e: { action_id: string }) => e.action_id === MORE_ACTION);
    expect(more.text.text).toMatch(/^More \(2\/\d+\)$/);
    const moreUrl = fake.responseUrl();
    await postToBot(eventsUrl, buttonBody({ actionId: MORE_ACTION, value: more.value, responseUrl: moreUrl }), {
      secret: SECRET,
    });
    const second = await fake.waitFor(responseTo(moreUrl));
    expect(second.body.blocks[0].text.text).toBe('Long timeline (continued)');
    expect(texts(second.body.blocks)).not.toContain('Event 0 ');
  });
});

describe('events', () => {
  it('answers a direct message in that DM', async () => {
    await postToBot(
      eventsUrl,
      eventBody({
        type: 'message',
        channel_type: 'im',
        channel: 'D0000009',
        user: 'U0000009',
        text: 'who is haftar?',
        ts: '1700000001.000100',
      }),
      { secret: SECRET },
    );
    const post = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000009');
    expect(post.body.thread_ts).toBeUndefined();
    expect(texts(post.body.blocks)).toContain('commander of the LNA');
    expect(bot.calls[0]).toMatchObject({
      text: 'who is haftar?',
      invoker: { isDirectMessage: true, channelId: 'D0000009', canManageChannel: true },
    });
  });

  it('answers a mention in a thread, without the mention in the question', async () => {
    await postToBot(
      eventsUrl,
      eventBody({
        type: 'app_mention',
        channel: 'C0000002',
        user: 'U0000002',
        text: `<@${FAKE_BOT.userId}> who is conte`,
        ts: '1700000002.000200',
      }),
      { secret: SECRET },
    );
    const post = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0000002');
    expect(post.body.thread_ts).toBe('1700000002.000200');
    expect(bot.calls[0].text).toBe('who is conte');
  });

  it('answers a retried event once', async () => {
    const body = eventBody({
      type: 'message',
      channel_type: 'im',
      channel: 'D0000003',
      user: 'U0000003',
      text: 'who haftar',
      ts: '1700000003.000300',
    });
    const first = await postToBot(eventsUrl, body, { secret: SECRET });
    const retry = await postToBot(eventsUrl, body, { secret: SECRET, retryNum: 1 });
    const again = await postToBot(eventsUrl, body, { secret: SECRET, retryNum: 2 });
    expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000003');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000003')).toHaveLength(1);
    expect(bot.calls).toHaveLength(1);
  });

  it("ignores the bot's own messages and edits", async () => {
    await postToBot(
      eventsUrl,
      eventBody({
        type: 'message',
        channel_type: 'im',
        channel: 'D0000004',
        user: 'U0000004',
        bot_id: 'BOTHER',
        text: 'who haftar',
        ts: '1700000004.1',
      }),
      { secret: SECRET },
    );
    await postToBot(
      eventsUrl,
      eventBody({
        type: 'message',
        subtype: 'message_changed',
        channel_type: 'im',
        channel: 'D0000004',
        ts: '1700000004.2',
      }),
      { secret: SECRET },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(bot.calls).toEqual([]);
  });

  it('publishes App Home with how to use the bot', async () => {
    await postToBot(
      eventsUrl,
      eventBody({ type: 'app_home_opened', user: 'U0000005', channel: 'D0000005', tab: 'home' }),
      { secret: SECRET },
    );
    const publish = await fake.waitFor((c) => c.method === 'views.publish' && c.body.user_id === 'U0000005');
    expect(publish.body.view.type).toBe('home');
    const home = JSON.stringify(publish.body.view);
    expect(home).toContain('/brief who haftar');
    expect(home).toContain('You follow: *Khalifa Haftar*, *&lt;!channel&gt; fans*');
    expect(home).toContain('*Morning Libya*: `0 8 * * *` Europe/Malta · haftar · next 2026-11-24 07:00 UTC');
    expect(publish.body.view.blocks.length).toBeLessThanOrEqual(100);
  });
});

describe('the shared HTTP server', () => {
  it('serves /slack/events beside /healthz and answers other methods plainly', async () => {
    const get = await fetch(eventsUrl);
    expect(get.status).toBe(405);
    expect((await fetch(eventsUrl.replace('/slack/events', '/healthz'))).status).toBe(503); // nobody marked it ready
  });

  it("answers Slack's URL check", async () => {
    const check = await postToBot(
      eventsUrl,
      JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 't' }),
      { secret: SECRET },
    );
    expect(check.status).toBe(200);
    expect(check.body).toContain('abc123');
  });
});

describe('delivery and start', () => {
  it('posts a digest to a channel and a DM to a user, escaped', async () => {
    const target: DeliveryTarget = slack; // what the scheduler delivers through
    expect(target.platform).toBe('slack');
    await slack.postBriefing('C0000042', {
      title: 'Morning digest',
      sections: [{ heading: 'New', items: [{ text: HOSTILE, cites: [] }] }],
      citations: {},
    });
    const digest = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0000042');
    expect(texts(digest.body.blocks)).not.toMatch(/<[!@#]|<https?:/);
    await slack.sendDirectMessage('U0000042', 'New on Haftar <!channel>');
    const dm = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000042');
    expect(dm.body.text).toBe('New on Haftar &lt;!channel&gt;');
    expect(fake.callsTo('conversations.open').at(-1)!.body.users).toBe('U0000042');
  });

  it('stops the start with one line naming the setting when the token is refused, without the token', async () => {
    const wrong = 'xoxb-wrong-1111111111-zzzzzzzzzzzzzzzz';
    const failed = await startSlack({
      bot,
      botToken: wrong,
      signingSecret: SECRET,
      http: new HttpServer(),
      apiUrl: fake.apiUrl,
    }).catch((e: Error) => e);
    expect((failed as Error).message).toBe('SLACK_BOT_TOKEN: Slack refused the token (invalid_auth)');
    expect(failed).toBeInstanceOf(ConfigError); // main prints it as one line and exits
    const noSecret = await startSlack({
      bot,
      botToken: fake.acceptToken,
      http: new HttpServer(),
      apiUrl: fake.apiUrl,
    }).catch((e: Error) => e);
    expect((noSecret as Error).message).toMatch(/^SLACK_SIGNING_SECRET: /);
    const builtIn = await startSlack({
      bot,
      botToken: fake.acceptToken,
      signingSecret: SECRET,
      http: new HttpServer(),
      apiUrl: fake.apiUrl,
      directCommands: ['who'],
    }).catch((e: Error) => e);
    expect((builtIn as Error).message).toMatch(/^SLACK_DIRECT_COMMANDS: \/who is one of Slack's built-in commands/);
  });
});
