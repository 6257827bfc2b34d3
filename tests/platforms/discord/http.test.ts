import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBot } from '../../../src/app/bot.ts';
import type { BotCore } from '../../../src/app/types.ts';
import type { Briefing } from '../../../src/briefing/types.ts';
import { HttpServer } from '../../../src/platforms/http/server.ts';
import { SHARE_ID } from '../../../src/platforms/discord/custom-ids.ts';
import { startDiscord } from '../../../src/platforms/discord/start.ts';
import { FAKE_APPLICATION_ID, FakeDiscord, fakeInteraction, InteractionSigner } from '../../fakes/discord-api.ts';

/** Discord's deadline for the first answer to an interaction. */
const DISCORD_DEADLINE_MS = 3000;
const NO_MENTIONS = { parse: [] };

let fake: FakeDiscord;
let realBot: BotCore;
const servers: HttpServer[] = [];
const signer = new InteractionSigner();

beforeAll(async () => {
  fake = await new FakeDiscord().start();
  realBot = await createBot({ corpusDir: 'corpus' });
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await fake.close();
});

/** Starts briefbot in HTTP interactions mode on 127.0.0.1, port 0; returns a poster of signed interactions. */
async function startHttp(bot: BotCore, extra: { deferAfterMs?: number; itemsPerPage?: number } = {}) {
  const http = new HttpServer();
  servers.push(http);
  await startDiscord({
    mode: 'http',
    bot,
    http,
    publicKey: signer.publicKeyHex,
    applicationId: FAKE_APPLICATION_ID,
    apiUrl: fake.apiUrl,
    registerOnStart: false,
    deferAfterMs: extra.deferAfterMs,
    render: extra.itemsPerPage ? { itemsPerPage: extra.itemsPerPage } : undefined,
  });
  const port = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/discord/interactions`;
  return async (interaction: object, headers?: Record<string, string>) => {
    const body = JSON.stringify(interaction);
    const started = Date.now();
    const res = await fetch(url, { method: 'POST', body, headers: headers ?? signer.headers(body) });
    const text = await res.text();
    return {
      status: res.status,
      json: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
      ms: Date.now() - started,
    };
  };
}

const command = (name: string, options: Record<string, string>, extra: { dm?: boolean } = {}) =>
  fakeInteraction({
    type: 2,
    dm: extra.dm,
    data: {
      id: '1',
      name,
      type: 1,
      options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })),
    },
  });

const autocomplete = (name: string, option: string, value: string) =>
  fakeInteraction({
    type: 4,
    data: { id: '1', name, type: 1, options: [{ name: option, type: 3, value, focused: true }] },
  });

/**
 * A page turn's new message: the update itself (type 7), or, when the command ran slowly the time before (the first
 * timeline page draws its strip chart), a deferred update (type 6) and then the edit.
 */
async function pageTurn(post: Awaited<ReturnType<typeof startHttp>>, interaction: object): Promise<{ data: any }> {
  const { json } = await post(interaction);
  if (json.type === 7) return json;
  expect(json.type).toBe(6);
  const token = (interaction as { token: string }).token;
  return { data: (await fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(token))).body };
}

const button = (customId: string, message: object) =>
  fakeInteraction({ type: 3, data: { custom_id: customId, component_type: 2 }, message });

/** A bot whose every command answers with this briefing (text of our own writing), after an optional delay. */
function scriptedBot(briefing: () => Briefing, delayMs = 0): BotCore {
  return {
    ...realBot,
    async run() {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return { briefing: briefing(), data: {} };
    },
  };
}

describe('Discord HTTP interactions', () => {
  it('refuses unsigned, wrongly signed, tampered and stale requests with 401', async () => {
    const post = await startHttp(realBot);
    const ping = { type: 1, id: '1', application_id: FAKE_APPLICATION_ID, token: 't' };
    const body = JSON.stringify(ping);
    expect((await post(ping, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post(ping, new InteractionSigner().headers(body))).status).toBe(401);
    const signedForOther = signer.headers(JSON.stringify({ ...ping, type: 2 }));
    expect((await post(ping, signedForOther)).status).toBe(401);
    const stale = signer.headers(body, String(Math.floor(Date.now() / 1000) - 3600));
    expect((await post(ping, stale)).status).toBe(401);
    expect((await post(ping, { ...signer.headers(body), 'x-signature-ed25519': 'zz' })).status).toBe(401);
    expect(await post(ping)).toMatchObject({ status: 200, json: { type: 1 } });
  });

  it('answers /who haftar with the profile embed, privately, with a Share button, inside the time limit', async () => {
    const post = await startHttp(realBot);
    const { status, json, ms } = await post(command('who', { name: 'haftar' }));
    expect(status).toBe(200);
    expect(ms).toBeLessThan(DISCORD_DEADLINE_MS);
    expect(json.type).toBe(4);
    expect(json.data.flags).toBe(64);
    expect(json.data.allowed_mentions).toEqual(NO_MENTIONS);
    const [embed] = json.data.embeds;
    expect(embed.title).toBe('Khalifa Haftar');
    expect(embed.description).toMatch(/^Person · \d+ mentions? in \d+ articles?/);
    expect(embed.fields.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['Roles and descriptions', 'Articles']),
    );
    expect(embed.fields[0].value).toMatch(/^• .+ \\\[\d+\\\]/);
    expect(embed.footer.text).toMatch(/Sources: \[1\] /);
    const labels = json.data.components.flatMap((row: { components: { label: string }[] }) =>
      row.components.map((b) => b.label),
    );
    expect(labels).toContain('Share');
  });

  it('cleans options of zero-width and bidi controls as Slack text is: haf\u200btar finds Haftar, U+202E never reaches the embed', async () => {
    const post = await startHttp(realBot);
    const hidden = await post(command('who', { name: 'haf\u200btar' }));
    expect(hidden.json.data.embeds[0].title).toBe('Khalifa Haftar');
    const flipped = await post(command('search', { query: '\u202eceasefire\u2066' }));
    expect(flipped.json.data.embeds[0].title).toBe('Search: ceasefire');
    expect(JSON.stringify(flipped.json.data)).not.toMatch(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    const typed = await post(autocomplete('who', 'name', 'ha\u200df'));
    expect(typed.json.data.choices[0]).toEqual({ name: 'Khalifa Haftar (person)', value: 'Khalifa Haftar' });
  });

  it('answers in a DM with the bot openly, without Share', async () => {
    const post = await startHttp(realBot);
    const { json } = await post(command('who', { name: 'haftar' }, { dm: true }));
    expect(json.type).toBe(4);
    expect(json.data.flags).toBeUndefined();
    expect(JSON.stringify(json.data.components)).not.toContain(SHARE_ID);
  });

  it('autocompletes names from the corpus, best first, forgiving typos, well inside the limit', async () => {
    const post = await startHttp(realBot);
    const haf = await post(autocomplete('who', 'name', 'haf'));
    expect(haf.json.type).toBe(8);
    expect(haf.json.data.choices[0]).toEqual({ name: 'Khalifa Haftar (person)', value: 'Khalifa Haftar' });
    expect(haf.ms).toBeLessThan(1000);
    const serraj = await post(autocomplete('timeline', 'topic', 'serraj'));
    expect(serraj.json.data.choices[0].value).toBe('Fayez al-Sarraj');
    const all = await post(autocomplete('brief', 'topic', ''));
    expect(all.json.data.choices.length).toBeGreaterThan(0);
    expect(all.json.data.choices.length).toBeLessThanOrEqual(25);
    for (const c of all.json.data.choices) expect(c.name.length).toBeLessThanOrEqual(100);
    const notEntity = await post(autocomplete('timeline', 'from', '2019'));
    expect(notEntity.json.data.choices).toEqual([]);
  });

  it('pages through a long timeline with Previous/Next whose state lives in the button ids', async () => {
    // Two servers stand for a restart (or two instances): the page buttons work on either.
    const first = await startHttp(realBot, { itemsPerPage: 3 });
    const second = await startHttp(realBot, { itemsPerPage: 3 });
    const asked = command('timeline', { topic: 'haftar' }) as { token: string };
    const { json: answered } = await first(asked);
    // The first page carries the timeline's strip chart: deferred, then edited in with the file (discord-chart.test.ts).
    expect(answered.type).toBe(5);
    // The chart thread starts with the first chart (it loads Vega): given the time discord-chart.test.ts gives it.
    const edit = await fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(asked.token), 20_000);
    expect(edit.files?.[0]?.name).toBe('timeline.png');
    const json = { data: edit.body };
    const pages = Number(/^Page 1\/(\d+)/.exec(json.data.embeds[0].footer.text)![1]);
    expect(pages).toBeGreaterThan(2);
    let message = { id: 'm1', flags: 64, embeds: json.data.embeds, components: json.data.components };
    const seen = [json.data.embeds[0].fields.map((f: { value: string }) => f.value).join('\n')];
    for (let page = 2; page <= pages; page++) {
      const next = message.components[0].components.find((b: { label: string }) => b.label === 'Next');
      expect(next.disabled).toBe(false);
      const post = page % 2 ? first : second;
      const update = await pageTurn(post, button(next.custom_id, message));
      expect(update.data.embeds[0].footer.text).toMatch(new RegExp(`^Page ${page}/${pages}`));
      expect(update.data.allowed_mentions).toEqual(NO_MENTIONS);
      seen.push(update.data.embeds[0].fields.map((f: { value: string }) => f.value).join('\n'));
      message = { ...message, embeds: update.data.embeds, components: update.data.components };
    }
    expect(new Set(seen).size).toBe(pages);
    const buttons = message.components[0].components;
    expect(buttons.find((b: { label: string }) => b.label === 'Next').disabled).toBe(true);
    const previous = buttons.find((b: { label: string }) => b.label === 'Previous');
    const back = await pageTurn(second, button(previous.custom_id, message));
    expect(back.data.embeds[0].footer.text).toMatch(new RegExp(`^Page ${pages - 1}/${pages}`));
  });

  it('shares a private answer with everyone, mentions inert', async () => {
    const post = await startHttp(realBot);
    const { json } = await post(command('who', { name: 'haftar' }));
    const { json: shared } = await post(
      button(SHARE_ID, { id: 'm1', flags: 64, embeds: json.data.embeds, components: json.data.components }),
    );
    expect(shared.type).toBe(4);
    expect(shared.data.flags).toBeUndefined();
    expect(shared.data.content).toBe('Shared by <@500000000000000001>');
    expect(shared.data.allowed_mentions).toEqual(NO_MENTIONS);
    expect(shared.data.embeds[0].title).toBe('Khalifa Haftar');
    expect(JSON.stringify(shared.data.components)).not.toContain(SHARE_ID);
  });

  it('defers a slow command, then edits the answer in', async () => {
    const slow = scriptedBot(
      () => ({
        title: 'Slow answer',
        sections: [{ heading: 'Found', items: [{ text: 'It took a while', cites: [] }] }],
        citations: {},
      }),
      400,
    );
    const post = await startHttp(slow, { deferAfterMs: 100 });
    const interaction = command('brief', {}) as { token: string };
    const { json, ms } = await post(interaction);
    expect(ms).toBeLessThan(DISCORD_DEADLINE_MS);
    expect(json).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitFor(
      (r) =>
        r.method === 'PATCH' && r.path === `/webhooks/${FAKE_APPLICATION_ID}/${interaction.token}/messages/@original`,
    );
    expect(edit.authorization).toBeUndefined();
    expect(edit.body.embeds[0].title).toBe('Slow answer');
    expect(edit.body.allowed_mentions).toEqual(NO_MENTIONS);
  });

  it('defers at once a command that blocked the process for long the time before', async () => {
    const busyFor = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until); // synchronous work: no timer can fire meanwhile
    };
    const blocking: BotCore = {
      ...realBot,
      run() {
        busyFor(300);
        return Promise.resolve({ briefing: { title: 'Heavy', sections: [], citations: {}, note: 'done' }, data: {} });
      },
    };
    const post = await startHttp(blocking, { deferAfterMs: 200 });
    const first = await post(command('brief', {}));
    expect(first.json.type).toBe(4); // nothing could interrupt it, and it still made the deadline
    const second = await post(command('brief', {}));
    expect(second.json).toEqual({ type: 5, data: { flags: 64 } });
  });

  it('keeps hostile text inert, whether from articles or from the asker', async () => {
    const hostile = scriptedBot(() => ({
      title: '@everyone **breaking**',
      summary: 'Ping <@123> and <@&456> and @here',
      sections: [{ heading: 'Said', items: [{ label: '<@123>', text: '**bold** claim, @everyone', cites: ['h1'] }] }],
      citations: { h1: { articleId: 'h1', title: '<@123> @everyone headline', date: null, source: null, url: null } },
    }));
    const post = await startHttp(hostile);
    const { json } = await post(command('who', { name: 'x' }));
    const text = JSON.stringify(json.data.embeds);
    expect(json.data.allowed_mentions).toEqual(NO_MENTIONS);
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/(?<!\\\\)<@/);
    expect(text).toContain('\\\\*\\\\*bold\\\\*\\\\*');
    const realPost = await startHttp(realBot);
    const { json: asked } = await realPost(command('who', { name: '@everyone <@123> **x**' }));
    expect(asked.data.allowed_mentions).toEqual(NO_MENTIONS);
    expect(JSON.stringify(asked.data)).not.toMatch(/@everyone|(?<!\\\\)<@123/);
  });

  it('answers a failing handler with a short apology and an error id, and logs no token', async () => {
    const token = 'MTAwMDAwMDAwMDAwMDAwMDAy.Gfake2.abcdefghijklmnopqrstuvwxyz0123456789CD';
    const broken: BotCore = {
      ...realBot,
      async run() {
        throw new Error(`database exploded near ${token}`);
      },
    };
    const written: string[] = [];
    const spy = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      const post = await startHttp(broken);
      const { json } = await post(command('who', { name: 'haftar' }));
      expect(json.type).toBe(4);
      expect(json.data.flags).toBe(64);
      expect(json.data.embeds[0].description).toMatch(/error [A-Z0-9]{6}\)/);
      expect(JSON.stringify(json)).not.toContain('database');
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain('discord interaction failed');
    expect(written.join('')).not.toContain(token);
  });
});
