// `npx tsx scripts/feeds/compare-parsers.ts`: feedsmith, rss-parser and @extractus/feed-extractor on the feed samples of
// tests/fixtures/feeds (our own writing: RSS 0.91/1.0/2.0, Atom, JSON Feed 1.0/1.1, zone-name and non-dates, HTML in titles,
// missing GUIDs, relative links, windows-1252 and undeclared Latin-1, a malformed feed). Each library gets the same decoded
// text (our decodeFeed) and is scored on what it hands back as is: items found, titles exactly right (HTML taken out),
// dates right to the second, an id for every item, and the malformed feed reported rather than read as empty.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { parseFeed } from 'feedsmith';
import RssParser from 'rss-parser';
import { decodeFeed, parseFeedText } from '../../src/feeds/parse.ts';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/feeds/', import.meta.url));

interface Expected {
  titles: string[];
  /** ISO instants (null: no usable date); undefined: not checked. */
  dates?: (string | null)[];
}

const EXPECTED: Record<string, Expected | 'malformed'> = {
  'rss091.xml': { titles: ['Ferry timetable changes in June', 'New lighthouse keeper named'] },
  'rss10.rdf': {
    titles: ['Solar farm approved', 'Bridge closed for repairs'],
    dates: ['2024-05-02T07:30:00.000Z', '2024-05-03T00:00:00.000Z'],
  },
  'rss20.xml': {
    titles: ['Talks on river treaty resume', 'Grain prices steady'],
    dates: ['2024-05-06T07:15:00.000Z', '2024-05-05T18:00:00.000Z'],
  },
  'atom.xml': {
    titles: ['Ice rink to close early', 'Library hours extended'],
    dates: ['2024-05-04T10:00:00.000Z', '2024-05-06T07:00:00.000Z'],
  },
  'jsonfeed11.json': {
    titles: ['Tram fares cut by a third', 'Two new parks'],
    dates: ['2024-05-06T06:00:00.000Z', '2024-05-05T10:00:00.000Z'],
  },
  'jsonfeed10.json': { titles: ['Market reopens'], dates: ['2024-04-01T09:00:00.000Z'] },
  'broken-dates.xml': {
    titles: ['Date with a zone name', 'Date in ISO form', 'Date that is not a date'],
    dates: ['2024-05-06T09:00:00.000Z', '2024-05-06T09:00:00.000Z', null],
  },
  'html-titles-no-guid.xml': {
    titles: ['Breaking: dam & canal reopen', 'Analysis: what the vote means', 'No link, no guid'],
  },
  'windows-1252.xml': { titles: ['Münster café wins “best coffee” award'] },
  'undeclared-latin1.xml': { titles: ['São Paulo festival opens'] },
  'malformed.xml': 'malformed',
};

interface Item {
  title: string;
  date: string | null;
  id: string | null;
}

type Reader = (text: string, name: string) => Promise<Item[]>;

const iso = (v: unknown): string | null => {
  if (typeof v !== 'string' && !(v instanceof Date)) return null;
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

const READERS: Record<string, Reader> = {
  // Ours: feedsmith plus the repairs of src/feeds/parse.ts (what the bot uses).
  'briefbot (feedsmith + repairs)': async (text) =>
    parseFeedText(text).items.map((i) => ({ title: i.title, date: i.date, id: i.guid })),
  feedsmith: async (text) => {
    const { format, feed } = parseFeed(text) as { format: string; feed: Record<string, unknown> };
    const list = ((format === 'atom' ? feed.entries : feed.items) ?? []) as Record<string, unknown>[];
    return list.map((i) => {
      const t = i.title as string | { value?: string } | undefined;
      const g = i.guid as { value?: string } | undefined;
      const dc = i.dc as { date?: string; dates?: string[] } | undefined;
      return {
        title: typeof t === 'string' ? t : (t?.value ?? ''),
        date: iso(i.pubDate ?? i.published ?? i.updated ?? i.date_published ?? dc?.date ?? dc?.dates?.[0]),
        id:
          (g?.value ??
            (i.id as string | undefined) ??
            (i.link as string | undefined) ??
            (i.url as string | undefined)) ||
          null,
      };
    });
  },
  'rss-parser': async (text, name) => {
    if (name.endsWith('.json')) throw new Error('no JSON Feed support');
    const feed = await new RssParser().parseString(text);
    return feed.items.map((i) => ({
      title: i.title ?? '',
      date: iso(i.isoDate ?? i.pubDate),
      id: (i.guid ?? i.id ?? i.link) || null,
    }));
  },
  '@extractus/feed-extractor': async (text, name) => {
    const feed = name.endsWith('.json') ? extractFromJson(text) : extractFromXml(text);
    return (feed.entries ?? []).map((e) => ({
      title: e.title ?? '',
      date: iso(e.published),
      id: (e.id ?? e.link) || null,
    }));
  },
};

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const [library, read] of Object.entries(READERS)) {
    let feeds = 0;
    let read_ = 0;
    let itemsExpected = 0;
    let itemsFound = 0;
    let titlesRight = 0;
    let datesChecked = 0;
    let datesRight = 0;
    let ids = 0;
    let malformedReported = 0;
    const misses: string[] = [];
    for (const [name, expected] of Object.entries(EXPECTED)) {
      feeds++;
      const text = decodeFeed(readFileSync(path.join(FIXTURES, name)), null);
      let items: Item[] | null = null;
      try {
        items = await read(text, name);
      } catch (err) {
        if (expected === 'malformed') malformedReported++;
        else misses.push(`${name}: ${String((err as Error).message).slice(0, 50)}`);
      }
      if (expected === 'malformed') {
        if (items && items.length === 0) misses.push(`${name}: read as an empty feed`);
        else if (items) malformedReported++;
        continue;
      }
      if (!items) continue;
      read_++;
      itemsExpected += expected.titles.length;
      itemsFound += Math.min(items.length, expected.titles.length);
      expected.titles.forEach((t, i) => {
        if (items![i]?.title === t) titlesRight++;
        else misses.push(`${name}#${i}: title ${JSON.stringify(items![i]?.title ?? null).slice(0, 50)}`);
      });
      expected.dates?.forEach((d, i) => {
        datesChecked++;
        if ((items![i]?.date ?? null) === d) datesRight++;
        else misses.push(`${name}#${i}: date ${items![i]?.date ?? null}`);
      });
      ids += items.slice(0, expected.titles.length).filter((i) => i.id).length;
    }
    const total = Object.values(EXPECTED)
      .filter((e) => e !== 'malformed')
      .reduce((n, e) => n + (e as Expected).titles.length, 0);
    rows.push(
      `| ${library} | ${read_}/${feeds - 1} | ${itemsFound}/${itemsExpected || total} | ${titlesRight}/${total} | ${datesRight}/${datesChecked} | ${ids}/${total} | ${malformedReported ? 'yes' : 'no'} |`,
    );
    if (process.argv.includes('--misses')) for (const m of misses) rows.push(`|   ${library} miss: ${m} | | | | | | |`);
  }
  console.log(
    '| library | feeds read | items found | titles right | dates right | items with an id | malformed reported |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
}

await main();
