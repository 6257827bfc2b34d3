import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/app/bot.ts';
import type { BotCore } from '../../../src/app/types.ts';
import { startDiscord, type DiscordAdapter } from '../../../src/platforms/discord/start.ts';
import type { DeliveryTarget } from '../../../src/scheduler/types.ts';
import { FAKE_APPLICATION_ID, FakeDiscord, fakeInteraction, type RecordedRequest } from '../../fakes/discord-api.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAy.Gfake3.abcdefghijklmnopqrstuvwxyz0123456789EF';
const GUILD_ID = '200000000000000001';
const DISCORD_DEADLINE_MS = 3000;
const GUILDS_INTENT = 1;

let fake: FakeDiscord;
let bot: BotCore;
let dataDir: string;
const adapters: DiscordAdapter[] = [];

/** Slows every command down, to stand in for a heavy brief on a large corpus. */
const slowed = (inner: BotCore, ms: number): BotCore => ({
  ...inner,
  async run(name, args, invoker) {
    await new Promise((r) => setTimeout(r, ms));
    return inner.run(name, args, invoker);
  },
});

/** Starts briefbot on the gateway; like a restart, the previous process goes first (one session per token). */
async function start(withBot: BotCore, extra: { deferAfterMs?: number } = {}): Promise<DiscordAdapter> {
  for (const previous of adapters.splice(0)) await previous.stop();
  const adapter = await startDiscord({
    mode: 'gateway',
    bot: withBot,
    token: TOKEN,
    apiUrl: fake.apiUrl,
    guildId: GUILD_ID,
    dataDir,
    ...extra,
  });
  adapters.push(adapter);
  return adapter;
}

const callbackOf = (token: string) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path.endsWith(`/${token}/callback`);

beforeAll(async () => {
  fake = await new FakeDiscord().start();
  bot = await createBot({ corpusDir: 'corpus' });
  dataDir = await mkdtemp(path.join(tmpdir(), 'briefbot-discord-gw-'));
});
afterAll(async () => {
  for (const a of adapters) await a.stop();
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Discord over the gateway (local fake)', () => {
  it('connects with the Guilds intent only, registers the commands once, and answers /who haftar through the interaction callback in time', async () => {
    const adapter = await start(bot);
    expect(fake.identifies.at(-1)).toEqual({ token: TOKEN, intents: GUILDS_INTENT });
    expect(adapter.client?.guilds.cache.size).toBe(1);
    const puts = fake.requestsTo(/\/commands$/, 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0].path).toBe(`/applications/${FAKE_APPLICATION_ID}/guilds/${GUILD_ID}/commands`);
    expect((puts[0].body as { name: string }[]).map((c) => c.name)).toEqual(bot.commands.map((c) => c.name));

    const interaction = fakeInteraction({
      type: 2,
      data: { id: '1', name: 'who', type: 1, options: [{ name: 'name', type: 3, value: 'haftar' }] },
    }) as { token: string };
    const sent = Date.now();
    fake.dispatchInteraction(interaction);
    const callback = await fake.waitFor(callbackOf(interaction.token), DISCORD_DEADLINE_MS);
    expect(callback.at - sent).toBeLessThan(DISCORD_DEADLINE_MS);
    expect(callback.authorization).toBeUndefined();
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.embeds[0].title).toBe('Khalifa Haftar');
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('does not register again on a restart when the definitions did not change', async () => {
    const before = fake.requestsTo(/\/commands$/, 'PUT').length;
    await start(bot);
    expect(fake.requestsTo(/\/commands$/, 'PUT')).toHaveLength(before);
  });

  it('defers a slow command, then edits the answer in', async () => {
    await start(slowed(bot, 500), { deferAfterMs: 150 });
    const interaction = fakeInteraction({
      type: 2,
      data: { id: '1', name: 'who', type: 1, options: [{ name: 'name', type: 3, value: 'serraj' }] },
    }) as { token: string };
    const sent = Date.now();
    fake.dispatchInteraction(interaction);
    const callback = await fake.waitFor(callbackOf(interaction.token));
    expect(callback.at - sent).toBeLessThan(DISCORD_DEADLINE_MS);
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitFor(
      (r) => r.method === 'PATCH' && r.path.includes(`/${interaction.token}/messages/@original`),
    );
    expect(edit.at).toBeGreaterThanOrEqual(callback.at);
    expect(edit.body.embeds[0].title).toBe('Fayez al-Sarraj');
  });

  it('posts digests to a channel and alerts to a user, with mentions off in every message sent', async () => {
    const adapter: DeliveryTarget = await start(bot); // the scheduler posts through it as it is
    const digest = (
      await bot.run(
        'brief',
        {},
        {
          platform: 'discord',
          userId: 'scheduler',
          channelId: '700000000000000001',
          isDirectMessage: false,
          canManageChannel: true,
        },
      )
    ).briefing;
    await adapter.postBriefing('700000000000000001', digest);
    const posts = fake.requestsTo(/^\/channels\/700000000000000001\/messages$/, 'POST');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0].body.embeds[0].title).toBe(digest.title);
    expect(posts[0].authorization).toBe(`Bot ${TOKEN}`);

    await adapter.sendDirectMessage('500000000000000001', 'New on @everyone: **Haftar** <@123>');
    await adapter.sendDirectMessage('500000000000000001', 'Second alert');
    expect(fake.requestsTo(/^\/users\/@me\/channels$/, 'POST')).toHaveLength(1);
    const dms = fake.requestsTo(/^\/channels\/9500000000000000001\/messages$/, 'POST');
    expect(dms.map((d) => d.body.content)).toEqual([
      'New on @\u200beveryone: \\*\\*Haftar\\*\\* \\<@123\\>',
      'Second alert',
    ]);

    const messages = fake.requests.flatMap((r) => {
      if (r.path.endsWith('/callback')) return [4, 7].includes(r.body.type) ? [r.body.data] : [];
      return /\/messages(\/@original)?$/.test(r.path) ? [r.body] : [];
    });
    expect(messages.length).toBeGreaterThan(4);
    for (const m of messages) expect(m.allowed_mentions).toEqual({ parse: [] });
  });
});
