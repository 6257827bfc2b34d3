import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeedParseError, decodeFeed, isoDate, parseFeedText } from '../../src/feeds/parse.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
const read = (name: string, contentType: string | null = null) =>
  decodeFeed(readFileSync(path.join(FIXTURES, name)), contentType);

describe('parsing feeds of every format (feedsmith, normalised)', () => {
  it('RSS 0.91: items without GUIDs are known by their link', () => {
    const feed = parseFeedText(read('rss091.xml'));
    expect(feed).toMatchObject({ format: 'rss', title: 'Harbour Gazette' });
    expect(feed.items.map((i) => [i.guid, i.title])).toEqual([
      ['https://gazette.example/ferry-june', 'Ferry timetable changes in June'],
      ['https://gazette.example/lighthouse', 'New lighthouse keeper named'],
    ]);
  });

  it('RSS 1.0 (RDF) with Dublin Core dates and creators', () => {
    const feed = parseFeedText(read('rss10.rdf'));
    expect(feed.format).toBe('rdf');
    expect(feed.items[0]).toMatchObject({
      title: 'Solar farm approved',
      date: '2024-05-02T07:30:00.000Z',
      author: 'Mara Quist',
      url: 'https://valley.example/solar',
    });
  });

  it('RSS 2.0: guid, pubDate, dc:creator and content:encoded', () => {
    const [first] = parseFeedText(read('rss20.xml')).items;
    expect(first).toMatchObject({
      guid: 'courier-1001',
      title: 'Talks on river treaty resume',
      date: '2024-05-06T07:15:00.000Z',
      author: 'Ines Marlow',
    });
    expect(first.content).toContain('<p>Negotiators from both banks');
  });

  it('Atom: HTML in a title becomes text; published wins over updated', () => {
    const feed = parseFeedText(read('atom.xml'));
    expect(feed.items[0]).toMatchObject({
      guid: 'tag:star.example,2024:ice-rink',
      title: 'Ice rink to close early',
      date: '2024-05-04T10:00:00.000Z',
      author: 'Oskar Lind',
      url: 'https://star.example/ice-rink',
    });
    expect(feed.items[1].date).toBe('2024-05-06T07:00:00.000Z');
  });

  it('JSON Feed 1.1 and 1.0 (authors and the old author field)', () => {
    expect(parseFeedText(read('jsonfeed11.json')).items[0]).toMatchObject({
      guid: 'm-1',
      author: 'Lea Brandt',
      date: '2024-05-06T06:00:00.000Z',
    });
    expect(parseFeedText(read('jsonfeed10.json')).items[0]).toMatchObject({
      guid: '1',
      author: 'Pia Holm',
      title: 'Market reopens',
    });
  });

  it('broken but common: zone names, ISO dates in pubDate, dates that are not dates', () => {
    expect(parseFeedText(read('broken-dates.xml')).items.map((i) => i.date)).toEqual([
      '2024-05-06T09:00:00.000Z',
      '2024-05-06T09:00:00.000Z',
      null,
    ]);
    expect(isoDate('0000-00-00')).toBeNull();
  });

  it('HTML and double-escaped entities in titles, relative links, items with no link and no GUID', () => {
    const items = parseFeedText(read('html-titles-no-guid.xml'), 'https://markup.example/rss').items;
    expect(items.map((i) => i.title)).toEqual([
      'Breaking: dam & canal reopen',
      'Analysis: what the vote means',
      'No link, no guid',
    ]);
    expect(items[1].url).toBe('https://markup.example/analysis-vote');
    expect(items[2].guid).toMatch(/^sha1:[0-9a-f]{40}$/);
  });

  it('wrong encodings: a declared windows-1252 feed, and Latin-1 bytes with no declaration', () => {
    expect(parseFeedText(read('windows-1252.xml')).items[0].title).toBe('Münster café wins “best coffee” award');
    expect(parseFeedText(read('undeclared-latin1.xml')).items[0].title).toBe('São Paulo festival opens');
    // The Content-Type charset wins over a missing declaration.
    expect(parseFeedText(read('undeclared-latin1.xml', 'application/rss+xml; charset=ISO-8859-1')).items[0].title).toBe(
      'São Paulo festival opens',
    );
  });

  it('a malformed feed or a page that is not a feed is a clear FeedParseError', () => {
    expect(() => parseFeedText(read('malformed.xml'))).toThrow(FeedParseError);
    expect(() => parseFeedText('<html><body>not a feed</body></html>')).toThrow(/not a feed we can read/);
  });
});
