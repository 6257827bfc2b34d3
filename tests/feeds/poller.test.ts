import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import feedsCommand from '../../commands/feeds.ts';
import sourcesCommand from '../../commands/sources.ts';
import type { CommandContext, Invoker } from '../../src/commands/types.ts';
import type { Article } from '../../src/corpus/types.ts';
import { startFeeds, type RunningFeeds } from '../../src/feeds/start.ts';
import { CorpusEngine } from '../../src/index/engine.ts';
import { databasePath } from '../../src/store/db.ts';
import { FeedOrigin, articlePage, conditional } from '../fakes/feed-origin.ts';

/** Feeds polled from a news site on 127.0.0.1, into a real engine, with the state in a real SQLite file. */

const FIXTURES = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

const RIVER = [
  'Negotiators from both banks of the Ardent river met again on Monday in the border town of Kessel, the first round of talks since the winter floods.',
  'The draft treaty would share the river’s water by season and set up a joint commission to watch the dams upstream, officials from both sides said.',
  '“We are closer than we have ever been,” said Ines Marlow, who leads the northern delegation, adding that a signing could come before the autumn.',
];

let dir: string;
let origin: FeedOrigin;
let feeds: RunningFeeds | null = null;
let engine: CorpusEngine;
let clock = Date.parse('2024-05-06T08:00:00Z');
let rssVersion = 'v1';
const sunk: Article[][] = [];

const admin: Invoker = {
  platform: 'slack',
  userId: 'U_ADMIN',
  channelId: 'C_NEWS',
  isDirectMessage: false,
  canManageChannel: true,
};
const member: Invoker = { ...admin, userId: 'U_MEMBER', canManageChannel: false };

function rss(items: { id: string; path: string; title: string }[]): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>The Courier: World</title><link>${origin.url}/</link><description>x</description>
${items.map((i) => `<item><title>${i.title}</title><link>${origin.url}${i.path}</link><guid>${i.id}</guid><pubDate>Mon, 06 May 2024 07:15:00 GMT</pubDate><description>Short summary of ${i.title}.</description></item>`).join('\n')}
</channel></rss>`;
}

async function start(
  allowPrivate = true,
  extra: Partial<Parameters<typeof startFeeds>[0]> = {},
): Promise<RunningFeeds> {
  feeds = await startFeeds({
    dataDir: path.join(dir, 'data'),
    feedsFile: null,
    allowPrivate,
    sink: async (articles) => {
      sunk.push(articles);
      await engine.addArticles(articles);
    },
    tickMs: 3_600_000,
    fetchLimits: { timeoutMs: 1_500, maxBytes: 2 * 1024 * 1024 },
    poller: { now: () => clock },
    ...extra,
  });
  return feeds;
}

async function command(request: string, invoker: Invoker = admin) {
  const ctx: CommandContext = { engine, invoker, now: () => new Date(clock), services: feeds!.services };
  try {
    return await feedsCommand.run({ request }, ctx);
  } catch (err) {
    return { error: (err as Error).message };
  }
}

async function add(url: string): Promise<number> {
  const result = await command(`add ${url}`);
  if ('error' in result) throw new Error(result.error);
  return (result.data.feed as { id: number }).id;
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'briefbot-feeds-'));
  engine = new CorpusEngine();
  sunk.length = 0;
  clock = Date.parse('2024-05-06T08:00:00Z');
  rssVersion = 'v1';
  origin = await new FeedOrigin().start();
  let riverItems = [{ id: 'courier-1001', path: '/world/river-treaty', title: 'Talks on river treaty resume' }];
  origin
    .route(
      '/world/rss.xml',
      conditional(
        'application/rss+xml',
        () => rss(riverItems),
        () => `"${rssVersion}"`,
        { 'cache-control': 'max-age=60' },
      ),
    )
    .route(
      '/world/river-treaty',
      conditional(
        'text/html; charset=utf-8',
        () =>
          articlePage({
            title: 'Talks on river treaty resume',
            paragraphs: RIVER,
            date: '2024-05-06T07:15:00Z',
            author: 'Ines Marlow',
          }),
        () => '"p1"',
      ),
    )
    .route(
      '/world/grain',
      conditional(
        'text/html',
        () =>
          articlePage({
            title: 'Grain prices steady',
            paragraphs: [
              'Grain prices held steady for a third week as harvest forecasts improved across the southern plains, traders in Kessel said on Monday.',
              'Millers expect the calm to last until the summer.',
            ],
          }),
        () => '"g1"',
      ),
    )
    .route(
      '/atom.xml',
      conditional(
        'application/atom+xml',
        () => fixture('atom.xml'),
        () => '"a1"',
      ),
    )
    .route(
      '/feed.json',
      conditional(
        'application/feed+json',
        () => fixture('jsonfeed11.json'),
        () => '"j1"',
      ),
    )
    .route(
      '/malformed.xml',
      conditional(
        'application/rss+xml',
        () => fixture('malformed.xml'),
        () => '"m1"',
      ),
    )
    .route('/slow.xml', () => undefined)
    .route('/busy.xml', (_req, res) => res.writeHead(429, { 'retry-after': '7200' }).end('slow down'))
    .route('/loop-a', (_req, res) => res.writeHead(302, { location: '/loop-b' }).end())
    .route('/loop-b', (_req, res) => res.writeHead(302, { location: '/loop-a' }).end())
    .route('/huge.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      for (let i = 0; i < 20; i++) res.write(chunk);
      res.end();
    });
  (origin as unknown as { setRiver: (i: typeof riverItems) => void }).setRiver = (items) => (riverItems = items);
});

afterEach(async () => {
  await feeds?.stop();
  feeds = null;
  await origin.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('polling feeds into the engine', () => {
  it('RSS: the item’s page is read (not its furniture), the article is answerable, and the feed date wins', async () => {
    await start();
    await add(`${origin.url}/world/rss.xml`);
    await feeds!.pollNow();
    const [articles] = sunk;
    expect(articles).toHaveLength(1);
    const a = articles[0];
    expect(a).toMatchObject({
      title: 'Talks on river treaty resume',
      date: '2024-05-06',
      source: 'The Courier',
      url: `${origin.url}/world/river-treaty`,
    });
    expect(a.body.split('\n\n')).toEqual(RIVER);
    expect(a.body).not.toMatch(/cookies|Subscribe|Share on|Ten things|All rights reserved/);
    expect(engine.search('Ardent river treaty', 5)[0]?.articleId).toBe(a.id);
    // /sources shows its outlet and link.
    const sources = await sourcesCommand.run({}, { engine, invoker: member, now: () => new Date(clock), services: {} });
    expect(sources.briefing.sections[0].items[0].text).toBe(
      `Talks on river treaty resume · The Courier · ${a.words} words · ${origin.url}/world/river-treaty`,
    );
    // Brotli or gzip on the wire: the origin compressed what the client accepted.
    expect(origin.hits('/world/rss.xml')[0].headers['accept-encoding']).toMatch(/br/);
  });

  it('Atom and JSON Feed: items become articles; a page the site does not have keeps the feed’s own text, and says so', async () => {
    await start();
    const atom = await add(`${origin.url}/atom.xml`);
    await add(`${origin.url}/feed.json`);
    await feeds!.pollNow();
    const titles = sunk
      .flat()
      .map((a) => a.title)
      .sort();
    expect(titles).toEqual([
      'Ice rink to close early',
      'Library hours extended',
      'Tram fares cut by a third',
      'Two new parks',
    ]);
    const rink = sunk.flat().find((a) => a.title === 'Ice rink to close early')!;
    expect(rink.body).toBe('The ice rink will close a month early because of rising energy costs, its owners said.');
    // star.example is not this origin: the page fetch fails (no such host), and the feed's text is kept.
    expect((await feeds!.store.get(atom))!.lastNote).toMatch(/2 page\(s\) could not be read: kept the feed's own text/);
  });

  it('conditional GET: the second poll sends the validators and a 304 adds nothing; Cache-Control max-age is honoured', async () => {
    await start();
    const id = await add(`${origin.url}/world/rss.xml`);
    await feeds!.pollNow();
    const state = (await feeds!.store.get(id))!;
    expect(state).toMatchObject({
      etag: '"v1"',
      lastModified: 'Mon, 06 May 2024 05:00:00 GMT',
      itemsTaken: 1,
      lastStatus: 200,
      lastError: null,
    });
    expect(state.nextPollAt).toBe(clock + 15 * 60_000);
    clock = state.nextPollAt;
    await feeds!.pollNow();
    const second = origin.hits('/world/rss.xml')[1];
    expect(second.headers['if-none-match']).toBe('"v1"');
    expect(second.headers['if-modified-since']).toBe('Mon, 06 May 2024 05:00:00 GMT');
    expect((await feeds!.store.get(id))!.lastStatus).toBe(304);
    expect(sunk).toHaveLength(1);
  });

  it('no duplicates across polls, feeds and restarts (the SQLite file reopened)', async () => {
    await start();
    const id = await add(`${origin.url}/world/rss.xml`);
    await feeds!.pollNow();
    await feeds!.stop();
    // A new process on the same database: the feed changed (new ETag) and now also lists the grain story.
    (origin as unknown as { setRiver: (i: unknown[]) => void }).setRiver([
      { id: 'courier-1001', path: '/world/river-treaty', title: 'Talks on river treaty resume' },
      { id: 'courier-1002', path: '/world/grain', title: 'Grain prices steady' },
    ]);
    rssVersion = 'v2';
    clock += 60 * 60_000;
    await start();
    // The same river story under another feed URL (a tracking parameter) is not taken again either.
    await add(`${origin.url}/world/rss.xml?utm_source=chat`);
    await feeds!.pollNow();
    const all = sunk.flat();
    expect(all.map((a) => a.title)).toEqual(['Talks on river treaty resume', 'Grain prices steady']);
    expect(origin.hits('/world/river-treaty')).toHaveLength(1);
    expect((await feeds!.store.get(id))!.itemsTaken).toBe(2);
    expect(databasePath(path.join(dir, 'data'))).toMatch(/briefbot\.sqlite$/);
  });

  it('two feeds polled at once that list the same story take it once (the check and the mark are one turn)', async () => {
    // Both feeds are in the feeds file, so the first round polls them together, four at a time.
    const file = path.join(dir, 'feeds.yaml');
    writeFileSync(
      file,
      `feeds:\n  - url: ${origin.url}/world/rss.xml\n  - url: ${origin.url}/world/rss.xml?utm_source=chat\n`,
    );
    await start(true, { feedsFile: file });
    await feeds!.pollNow();
    expect(sunk.flat().map((a) => a.title)).toEqual(['Talks on river treaty resume']);
    const states = await feeds!.store.list();
    expect(states.map((f) => f.lastStatus)).toEqual([200, 200]);
    expect(states.reduce((n, f) => n + f.itemsTaken, 0)).toBe(1);
  });

  it('politeness: one request at a time to one host, even with several feeds due at once', async () => {
    await start();
    origin.delayMs = 30;
    for (const p of ['/world/rss.xml', '/atom.xml', '/feed.json', '/malformed.xml']) await add(`${origin.url}${p}`);
    await feeds!.pollNow();
    expect(origin.requests.length).toBeGreaterThanOrEqual(5);
    expect(origin.maxConcurrent).toBe(1);
  });

  it('failures are never silent: malformed, timeout, 429 + Retry-After, redirect loop, 20 MB body; back-off grows', async () => {
    await start();
    const ids = {
      malformed: await add(`${origin.url}/malformed.xml`),
      slow: await add(`${origin.url}/slow.xml`),
      busy: await add(`${origin.url}/busy.xml`),
      loop: await add(`${origin.url}/loop-a`),
      huge: await add(`${origin.url}/huge.xml`),
    };
    await feeds!.pollNow();
    const state = async (id: number) => (await feeds!.store.get(id))!;
    expect((await state(ids.malformed)).lastError).toMatch(/not a feed we can read/);
    expect((await state(ids.slow)).lastError).toMatch(/no answer within 2 s/);
    expect((await state(ids.busy)).lastError).toMatch(
      /asked us to slow down \(429 Too Many Requests\); it asked for a pause of 2 h/,
    );
    expect((await state(ids.busy)).nextPollAt).toBe(clock + 7200_000);
    expect((await state(ids.loop)).lastError).toMatch(/redirect loop/);
    expect((await state(ids.huge)).lastError).toMatch(/too large/);
    const first = await state(ids.malformed);
    expect(first.failures).toBe(1);
    clock = first.nextPollAt;
    await feeds!.pollNow();
    const second = await state(ids.malformed);
    expect(second.failures).toBe(2);
    expect(second.nextPollAt - clock).toBeGreaterThan(first.nextPollAt - Date.parse('2024-05-06T08:00:00Z'));
    expect(sunk).toHaveLength(0);

    const list = await command('list', member);
    const text = JSON.stringify(list);
    expect(text).toMatch(/#1 Half a feed|#1 \(name not known yet\)/);
    expect(text).toMatch(/last error: not a feed we can read.*\(2 failures in a row\)/);
    expect(text).toMatch(/0 items taken/);
  });

  it('SSRF: with FEEDS_ALLOW_PRIVATE off, a feed on 127.0.0.1 or a name resolving to loopback is refused', async () => {
    await start(false);
    expect(await command(`add ${origin.url}/world/rss.xml`)).toEqual({
      error: expect.stringMatching(/127\.0\.0\.1 is a private or loopback address.*FEEDS_ALLOW_PRIVATE/),
    });
    expect(await command('add file:///etc/passwd')).toEqual({ error: expect.stringMatching(/only http and https/) });
    // A name passes the first check; the address it resolves to is refused at connect time.
    const port = new URL(origin.url).port;
    await feeds!.store.add(
      { url: `http://localhost:${port}/world/rss.xml`, name: null, everyMinutes: 15, origin: 'chat', addedBy: 'U' },
      clock,
    );
    await feeds!.pollNow();
    const [feed] = await feeds!.store.list();
    expect(feed.lastError).toMatch(/localhost resolves to a private or loopback address/);
    expect(origin.requests).toHaveLength(0);
  });

  it('/feeds add, list and remove: the /schedule permission rule, and a list that tells the truth', async () => {
    await start();
    expect(await command(`add ${origin.url}/world/rss.xml every 30m`, member)).toEqual({
      error: expect.stringMatching(/only people who manage this channel/),
    });
    const added = await command(`add ${origin.url}/world/rss.xml every 30m`);
    expect(added).toMatchObject({ data: { action: 'add', created: true, feed: { everyMinutes: 30 } } });
    expect(await command(`add ${origin.url}/x every soon`)).toEqual({
      error: expect.stringMatching(/not an interval/),
    });
    await feeds!.pollNow();
    const list = await command('list', member);
    if ('error' in list) throw new Error(list.error);
    const item = list.briefing.sections[0].items[0];
    expect(item.label).toBe('#1 The Courier: World');
    expect(item.text).toBe(
      `${origin.url}/world/rss.xml · every 30 min · last fetch 2024-05-06 08:00 UTC (now) · 1 item taken · next poll 2024-05-06 08:30 UTC (in 30 min) · last poll OK`,
    );
    expect(await command('remove 1', member)).toEqual({ error: expect.stringMatching(/only people who manage/) });
    expect(await command('remove 9')).toEqual({ error: expect.stringMatching(/no feed #9/) });
    expect(await command('remove 1')).toMatchObject({ data: { action: 'remove', id: 1 } });
    expect(await feeds!.store.list()).toEqual([]);
  });
});
