import { mrkdwnTexts } from '../../helpers/slack-blocks.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/app/bot.ts';
import { HttpServer } from '../../../src/platforms/http/server.ts';
import { startSlack, type SlackAdapter } from '../../../src/platforms/slack/start.ts';
import { eventBody, FakeSlack, FAKE_BOT, postToBot, slashCommandBody, type SlackCall } from '../../fakes/slack-api.ts';

/**
 * End to end: the real engine (createBot) over the five sample articles and over articles of our own, behind the
 * real Bolt app in HTTP mode, talking to the fake Slack. Nothing here is a stand-in but Slack itself.
 */
const SECRET = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** Every mrkdwn text of a message, as one string. */
const texts = (blocks: unknown): string => mrkdwnTexts(blocks).join('\n');
const responseTo = (url: string) => (c: SlackCall) =>
  c.method === 'response' && url.endsWith(`/response/${c.responseId}`);

interface Running {
  fake: FakeSlack;
  http: HttpServer;
  slack: SlackAdapter;
  url: string;
}

async function runSlack(corpusDir: string): Promise<Running> {
  const fake = await new FakeSlack().start();
  const bot = await createBot({ corpusDir });
  const http = new HttpServer();
  const slack = await startSlack({ bot, botToken: fake.acceptToken, signingSecret: SECRET, http, apiUrl: fake.apiUrl });
  const port = await http.listen(0, '127.0.0.1');
  return { fake, http, slack, url: `http://127.0.0.1:${port}/slack/events` };
}

async function stopSlack(r: Running | undefined): Promise<void> {
  await r?.slack.stop();
  await r?.http.close();
  await r?.fake.close();
}

async function slash(r: Running, text: string, extra: { channelId?: string } = {}): Promise<SlackCall> {
  const responseUrl = r.fake.responseUrl();
  const ack = await postToBot(r.url, slashCommandBody({ command: '/brief', text, responseUrl, ...extra }), {
    secret: SECRET,
  });
  expect(ack.status).toBe(200);
  expect(ack.ms).toBeLessThan(3000);
  return r.fake.waitFor(responseTo(responseUrl), 20_000);
}

describe('slack on the sample corpus', () => {
  let r: Running;
  beforeAll(async () => {
    r = await runSlack('corpus');
  });
  afterAll(() => stopSlack(r));

  it('/brief who haftar: a profile with his name in the header and the cited articles with dates', async () => {
    const answer = await slash(r, 'who haftar');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.blocks[0]).toMatchObject({
      type: 'header',
      text: { type: 'plain_text', text: expect.stringMatching(/Haftar/) },
    });
    const all = texts(answer.body.blocks);
    expect(all).toMatch(/^\[\d\] .+ · 27 May 2019$/m); // the sources: title, then source and date where known
    expect(all).toMatch(/^• \*27 May 2019\* /m); // dates a reader scans for, in bold
    expect(answer.body.blocks.length).toBeLessThanOrEqual(50);
    expect(answer.body.text).toMatch(/Haftar/);
  });

  it('/brief timeline malta and /brief sources answer without error', async () => {
    for (const text of ['timeline malta', 'sources']) {
      const answer = await slash(r, text);
      expect(texts(answer.body.blocks)).not.toMatch(/:warning:/);
      expect(answer.body.blocks.length).toBeLessThanOrEqual(50);
    }
  });

  it('a DM "who is conte?" gets the answer in the DM; a mention gets it in a thread', async () => {
    await postToBot(
      r.url,
      eventBody({
        type: 'message',
        channel_type: 'im',
        channel: 'D0000100',
        user: 'U0000100',
        text: 'who is conte?',
        ts: '1700000100.1',
      }),
      { secret: SECRET },
    );
    const dm = await r.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000100', 20_000);
    expect(dm.body.blocks[0].text.text).toMatch(/Conte/);
    await postToBot(
      r.url,
      eventBody({
        type: 'app_mention',
        channel: 'C0000100',
        user: 'U0000100',
        text: `<@${FAKE_BOT.userId}> timeline malta`,
        ts: '1700000101.1',
      }),
      { secret: SECRET },
    );
    const threaded = await r.fake.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body.channel === 'C0000100',
      20_000,
    );
    expect(threaded.body.thread_ts).toBe('1700000101.1');
  });

  it('answers a DM retried by Slack once', async () => {
    const body = eventBody({
      type: 'message',
      channel_type: 'im',
      channel: 'D0000101',
      user: 'U0000101',
      text: 'timeline malta',
      ts: '1700000102.1',
    });
    for (const retryNum of [undefined, 1, 2])
      expect((await postToBot(r.url, body, { secret: SECRET, retryNum })).status).toBe(200);
    await r.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000101', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(r.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0000101')).toHaveLength(
      1,
    );
  });

  it('/brief help lists every command the Slack way', async () => {
    const answer = await slash(r, 'help');
    const all = texts(answer.body.blocks);
    for (const name of ['who', 'timeline', 'brief', 'search', 'sources']) expect(all).toContain(`*/brief ${name}`);
  });
});

describe('slack on articles of our own', () => {
  let dir: string;
  let r: Running;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'briefbot-slack-'));
    await writeFile(
      path.join(dir, 'prank.txt'),
      [
        'date 2021-03-02 Prankster floods harbour council chat',
        '',
        'A message reading <!channel> and @here appeared in the Portmoor harbour council chat on Monday, followed by a mention of <@U123ABC> and a link <https://evil.example|click here>, council clerk Maren Oduya said.',
        '',
        '"Nobody should click <https://evil.example|that link>," Oduya said on Tuesday.',
      ].join('\n'),
    );
    r = await runSlack(dir);
  });
  afterAll(async () => {
    await stopSlack(r);
    await rm(dir, { recursive: true, force: true });
  });

  it('renders hostile article text as inert text in every answer', async () => {
    for (const text of ['search harbour council', 'who oduya', 'brief', 'sources', 'who <!channel>']) {
      const answer = await slash(r, text);
      const all = `${texts(answer.body.blocks)}\n${answer.body.text}`;
      expect(all, text).not.toMatch(/<[!@#]|<https?:\/\/evil/);
      expect(
        answer.body.blocks.every(
          (b: { type: string; text?: { type: string } }) => b.type !== 'header' || b.text?.type === 'plain_text',
        ),
      ).toBe(true);
    }
    const search = await slash(r, 'search harbour council');
    expect(texts(search.body.blocks)).toMatch(/&lt;!channel&gt;|&lt;@U123ABC&gt;|&lt;https:\/\/evil\.example/);
  });
});
