import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadingBot, loadPercent } from '../../src/app/loading-bot.ts';
import { HandlerTimeLimiter, rateLimited } from '../../src/app/rate-limit.ts';
import { loadCommands } from '../../src/commands/registry.ts';
import { CorpusEngine } from '../../src/index/engine.ts';
import { HttpServer } from '../../src/platforms/http/server.ts';
import { startSlack, type SlackAdapter } from '../../src/platforms/slack/start.ts';
import { doubleBot, FakeSlack, postToBot, slashCommandBody, type SlackCall } from '../fakes/slack-api.ts';

/**
 * An honest start, as src/main.ts wires it: the HTTP server listens and the real Bolt app (HTTP mode, against the
 * fake Slack on 127.0.0.1) is up on a LoadingBot before the corpus is loaded. The load is driven by hand here
 * (the loader's progress reports), so the test sees each state for certain.
 */
const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
let fake: FakeSlack;
let http: HttpServer;
let slack: SlackAdapter;
let loading: LoadingBot;
let base: string;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  const commands = await loadCommands();
  loading = new LoadingBot(commands, new CorpusEngine());
  http = new HttpServer();
  http.healthFrom(() => loading.health());
  const port = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  slack = await startSlack({
    bot: rateLimited(loading, new HandlerTimeLimiter()),
    botToken: fake.acceptToken,
    signingSecret: SECRET,
    http,
    apiUrl: fake.apiUrl,
  });
});
afterAll(async () => {
  await slack?.stop();
  await http?.close();
  await fake?.close();
});

const health = async () => {
  const res = await fetch(`${base}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const responseTo = (url: string) => (c: SlackCall) =>
  c.method === 'response' && url.endsWith(`/response/${c.responseId}`);

describe('while the corpus loads', () => {
  it('/healthz answers 503 with how far the load is, from before the first progress report', async () => {
    expect(await health()).toEqual({
      status: 503,
      body: { status: 'loading', articles: 0, of: 0, phase: 'scanning', percent: 0 },
    });
    loading.report({ phase: 'understanding', done: 300, total: 1000, articles: 1000 });
    expect(await health()).toEqual({
      status: 503,
      body: { status: 'loading', articles: 300, of: 1000, phase: 'understanding', percent: 41 },
    });
  });

  it('a slash command is acknowledged and answered "still reading the articles (N%)", never silence', async () => {
    loading.report({ phase: 'understanding', done: 500, total: 1000, articles: 1000 });
    const responseUrl = fake.responseUrl();
    const ack = await postToBot(
      `${base}/slack/events`,
      slashCommandBody({ command: '/brief', text: 'who haftar', responseUrl }),
      { secret: SECRET },
    );
    expect(ack.status).toBe(200);
    const reply = await fake.waitFor(responseTo(responseUrl));
    expect(JSON.stringify(reply.body)).toContain('Still reading the articles (55%). Try again in a minute.');
  });

  it('once ready, /healthz says 200 and commands reach the real bot', async () => {
    const real = doubleBot(loading.commands);
    loading.ready(real);
    expect(await health()).toEqual({ status: 200, body: { status: 'ready', articles: 5 } });
    const responseUrl = fake.responseUrl();
    await postToBot(`${base}/slack/events`, slashCommandBody({ command: '/brief', text: 'who haftar', responseUrl }), {
      secret: SECRET,
    });
    const reply = await fake.waitFor(responseTo(responseUrl));
    expect(JSON.stringify(reply.body)).toContain('Khalifa Haftar');
    expect(real.calls.map((c) => c.text)).toEqual(['who haftar']);
  });

  it('when stopping, new chat requests get 503 and /healthz says so', async () => {
    const other = new HttpServer();
    other.route('/slack/events', (_req, res) => void res.end('ok'));
    other.markReady();
    const port = await other.listen(0, '127.0.0.1');
    other.drain();
    const chat = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: 'x' });
    expect(chat.status).toBe(503);
    const hz = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect([hz.status, await hz.json()]).toEqual([503, { status: 'stopping' }]);
    await other.close();
  });
});

describe('the load percentage', () => {
  it('weighs the phases and never says 100 before ready', () => {
    expect(loadPercent({ phase: 'reading', done: 0, total: 10, articles: 0 })).toBe(2);
    expect(loadPercent({ phase: 'reading', done: 10, total: 10, articles: 40 })).toBe(20);
    expect(loadPercent({ phase: 'indexing', done: 10, total: 10, articles: 40 })).toBe(99);
    expect(loadPercent({ phase: 'understanding', done: 0, total: 0, articles: 0 })).toBe(20);
  });
});
