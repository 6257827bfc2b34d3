import { afterEach, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/commands/registry.ts';
import { HttpServer } from '../../../src/platforms/http/server.ts';
import { storeRetryGuard } from '../../../src/platforms/slack/retries.ts';
import { startSlack, type SlackAdapter } from '../../../src/platforms/slack/start.ts';
import { doubleBot, eventBody, FakeSlack, postToBot } from '../../fakes/slack-api.ts';
import { BACKENDS, closeAll } from '../../helpers/stores.ts';

/**
 * Two real Bolt apps in HTTP mode (two instances behind a load balancer) on one fake Slack, their retry guards on
 * one shared store: an Events API delivery answered by one and retried to the other is answered once.
 */
const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await closeAll();
});

describe.each(BACKENDS)('Slack retries across instances on $name', (backend) => {
  const run = backend.available() ? it : it.skip;

  run('an event retried to another instance is answered once', async () => {
    const fake = await new FakeSlack().start();
    stops.push(() => fake.close());
    const { store, again } = await backend.open();
    const commands = await loadCommands();
    const instances: { url: string; bot: ReturnType<typeof doubleBot> }[] = [];
    for (const s of [store, await again()]) {
      const bot = doubleBot(commands);
      const http = new HttpServer();
      const slack: SlackAdapter = await startSlack({
        bot,
        botToken: fake.acceptToken,
        signingSecret: SECRET,
        http,
        apiUrl: fake.apiUrl,
        retryGuard: storeRetryGuard(s.events, (err) => {
          throw err;
        }),
      });
      stops.push(
        () => http.close(),
        () => slack.stop(),
      );
      const port = await http.listen(0, '127.0.0.1');
      instances.push({ url: `http://127.0.0.1:${port}/slack/events`, bot });
    }
    const [a, b] = instances;
    const body = eventBody({
      type: 'message',
      channel_type: 'im',
      channel: 'D0000031',
      user: 'U0000031',
      text: 'who haftar',
      ts: '1700000031.000100',
    });
    const first = await postToBot(a.url, body, { secret: SECRET });
    const retry = await postToBot(b.url, body, { secret: SECRET, retryNum: 1 });
    const again2 = await postToBot(b.url, body, { secret: SECRET, retryNum: 2 });
    expect([first.status, retry.status, again2.status]).toEqual([200, 200, 200]);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000031');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000031')).toHaveLength(1);
    expect(a.bot.calls.length + b.bot.calls.length).toBe(1);

    // A new event (another id) is answered by the instance it reaches.
    await postToBot(
      b.url,
      eventBody({
        type: 'message',
        channel_type: 'im',
        channel: 'D0000032',
        user: 'U0000032',
        text: 'who conte',
        ts: '1700000032.000100',
      }),
      { secret: SECRET },
    );
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000032');
    expect(b.bot.calls.map((c) => c.text)).toContain('who conte');
  });
});
