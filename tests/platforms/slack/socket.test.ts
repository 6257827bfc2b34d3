import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/commands/registry.ts';
import { startSlack, type SlackAdapter } from '../../../src/platforms/slack/start.ts';
import { doubleBot, FakeSlack, FAKE_BOT, type SlackCall } from '../../fakes/slack-api.ts';

/** Socket Mode: the real Bolt app connects to the fake's WebSocket, found through SLACK_API_URL (apps.connections.open). */
let fake: FakeSlack;
let slack: SlackAdapter;
let bot: ReturnType<typeof doubleBot>;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  bot = doubleBot(await loadCommands());
  slack = await startSlack({ bot, botToken: fake.acceptToken, appToken: fake.acceptAppToken, apiUrl: fake.apiUrl });
  await fake.socketConnected();
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

const responseTo = (url: string) => (c: SlackCall) =>
  c.method === 'response' && url.endsWith(`/response/${c.responseId}`);

describe('slack over Socket Mode', () => {
  it('connects with the app token and needs no signing secret or HTTP server', () => {
    expect(slack.mode).toBe('socket');
    const open = fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0].authorization).toBe(`Bearer ${fake.acceptAppToken}`);
  });

  it('acknowledges a slash command envelope inside 3 s and answers at the response_url', async () => {
    const responseUrl = fake.responseUrl();
    const started = Date.now();
    const ack = await fake.sendEnvelope('slash_commands', {
      command: '/brief',
      text: 'who haftar',
      user_id: 'U0000001',
      channel_id: 'C0000001',
      channel_name: 'general',
      team_id: FAKE_BOT.teamId,
      response_url: responseUrl,
      trigger_id: '1.2.3',
      api_app_id: 'A0000001',
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(ack).toMatchObject({ envelope_id: expect.any(String) });
    const answer = await fake.waitFor(responseTo(responseUrl));
    expect(answer.body.blocks[0].text.text).toBe('Khalifa Haftar');
  });

  it('answers an event retried over the socket once', async () => {
    const event = {
      type: 'event_callback',
      team_id: FAKE_BOT.teamId,
      api_app_id: 'A0000001',
      event_id: 'EvSOCKET1',
      event_time: 1_700_000_000,
      event: {
        type: 'message',
        channel_type: 'im',
        channel: 'D0000077',
        user: 'U0000077',
        text: 'who haftar',
        ts: '1700000077.1',
        event_ts: '1700000077.1',
      },
    };
    await fake.sendEnvelope('events_api', event, { retry_attempt: 0, retry_reason: '' });
    await fake.sendEnvelope('events_api', event, { retry_attempt: 1, retry_reason: 'timeout' });
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000077');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000077')).toHaveLength(1);
  });

  it('refuses a wrong app token with one line naming the setting', async () => {
    const failed = await startSlack({
      bot,
      botToken: fake.acceptToken,
      appToken: 'xapp-1-wrong-000-zzz',
      apiUrl: fake.apiUrl,
    }).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/^SLACK_APP_TOKEN: /);
    expect((failed as Error).message).not.toContain('xapp-1-wrong');
  });
});
