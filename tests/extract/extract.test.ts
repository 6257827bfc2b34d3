import { describe, expect, it } from 'vitest';
import { extractPage } from '../../src/extract/extract.ts';
import { EXTRACT_LIMITS } from '../../src/extract/limits.ts';
import { scanPage } from '../../src/extract/html-scan.ts';
import { articlePage } from '../fakes/feed-origin.ts';

const STORY = [
  'The harbour board voted on Tuesday to rebuild the north pier, which was closed after storms cracked its foundations last winter.',
  'Work will start in September and cost about 14 million euros, the board’s chair, Henrik Sol, told a packed meeting in the old customs house.',
  'Fishermen welcomed the decision but asked for a temporary landing stage while the pier is closed, a request the board promised to study.',
];
const para = (text: string) => `<p>${text}</p>`;

describe('a page -> its article', () => {
  it('keeps the story and drops the furniture: menu, cookie banner, promo, byline, share bar, related links, footer', () => {
    const page = extractPage(
      articlePage({
        title: 'North pier to be rebuilt',
        paragraphs: STORY,
        date: '2024-05-07T18:00:00+02:00',
        author: 'Mia Berg',
        site: 'Harbour Gazette',
      }),
      { url: 'https://gazette.example/pier?utm_source=x' },
    );
    expect(page).toEqual({
      title: 'North pier to be rebuilt',
      text: STORY.join('\n\n'),
      date: '2024-05-07',
      author: 'Mia Berg',
      source: 'Harbour Gazette',
      url: 'https://gazette.example/pier?utm_source=x',
    });
  });

  it('publication date: the feed’s date first, else article:published_time, else JSON-LD datePublished, else <time>', () => {
    const body = `<article>${STORY.map(para).join('')}</article>`;
    const ld = `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"Pier","datePublished":"2024-03-02T10:00:00Z","author":[{"@type":"Person","name":"Ana Ruiz"}],"publisher":{"@type":"Organization","name":"Coast Daily"},"url":"https://coast.example/pier"}]}</script>`;
    const meta = '<meta property="article:published_time" content="2024-03-01T09:00:00Z">';
    const time = '<time datetime="2024-03-03">3 March</time>';
    expect(
      extractPage(`<html><head>${meta}${ld}</head><body>${time}${body}</body></html>`, {
        feedDate: '2024-02-28T23:00:00Z',
      }).date,
    ).toBe('2024-02-28');
    expect(extractPage(`<html><head>${meta}${ld}</head><body>${time}${body}</body></html>`).date).toBe('2024-03-01');
    const fromLd = extractPage(`<html><head>${ld}</head><body>${time}${body}</body></html>`);
    expect(fromLd).toMatchObject({
      date: '2024-03-02',
      author: 'Ana Ruiz',
      source: 'Coast Daily',
      url: 'https://coast.example/pier',
      title: 'Pier',
    });
    expect(extractPage(`<html><body>${time}${body}</body></html>`).date).toBe('2024-03-03');
    expect(extractPage(`<html><body>${body}</body></html>`, { url: 'https://www.coast.example/a' })).toMatchObject({
      date: null,
      source: 'coast.example',
    });
  });

  it('a page with no article gives empty text, never throws', () => {
    expect(extractPage('').text).toBe('');
    expect(extractPage('<html><body><nav><a href="/">Home</a></nav></body></html>').text).toBe('');
    expect(extractPage('\u0000\u0001 binary \uFFFD').title).toBe('');
  });
});

describe('hostile pages stay bounded (the DOM scorer only sees tame pages; a linear tokenizer pass reads the rest)', () => {
  const story = STORY.map(para).join('');

  it('50,000 unclosed <div>', () => {
    const html = `<html><body>${'<div>'.repeat(50_000)}${story}</body></html>`;
    expect(scanPage(html).maxDepth).toBeGreaterThan(EXTRACT_LIMITS.maxDepth);
    expect(extractPage(html).text).toBe(STORY.join('\n\n'));
  });

  it('10,000 nested <div>', () => {
    const html = `<html><body>${'<div>'.repeat(10_000)}${story}${'</div>'.repeat(10_000)}</body></html>`;
    expect(extractPage(html).text).toBe(STORY.join('\n\n'));
  });

  it('a 20 MB body is cut to the limit before anything is parsed', () => {
    const html = `<html><body><article>${story}${'<p>filler text that goes on and on.</p>'.repeat(520_000)}</article></body></html>`;
    expect(html.length).toBeGreaterThan(20_000_000);
    const page = extractPage(html);
    expect(page.text.startsWith(STORY.join('\n\n'))).toBe(true);
    expect(page.text.length).toBeLessThanOrEqual(EXTRACT_LIMITS.maxHtmlChars);
  });

  it('many sibling elements past the element limit go the linear way too', () => {
    const html = `<html><body>${'<span>x</span>'.repeat(EXTRACT_LIMITS.maxElements + 1)}${story}</body></html>`;
    expect(scanPage(html).elements).toBeGreaterThan(EXTRACT_LIMITS.maxElements);
    expect(extractPage(html).text).toBe(STORY.join('\n\n'));
  });
});
