import { afterAll, describe, expect, it } from 'vitest';
import { workerPageReader } from '../../src/feeds/page-reader.ts';

/** Issue 15: a feed's first take of many items extracted its pages on the main thread (the loop held up to 3.6 s). */
describe('pages read in a worker thread', () => {
  const reader = workerPageReader();
  afterAll(() => reader.close());

  it('decodes and extracts a page there, while the event loop goes on turning; a page it cannot read is an error', async () => {
    const paragraphs = Array.from(
      { length: 1000 },
      (_, i) =>
        `<div class="c${i % 7}"><p>Paragraph ${i} of the story, with enough words in it to count as text for the extractor.</p></div>`,
    ).join('');
    const html = `<html><head><meta charset="iso-8859-1"><title>Caf\u00e9 story</title></head><body><article><h1>Caf\u00e9 story</h1>${paragraphs}</article></body></html>`;
    let turns = 0;
    let reading = true;
    const turn = () => {
      turns++;
      if (reading) setImmediate(turn);
    };
    setImmediate(turn);
    const article = await reader.read({
      id: 'https://news.example.com/cafe',
      body: new Uint8Array(Buffer.from(html, 'latin1')),
      contentType: 'text/html',
      feedDate: '2019-05-27',
    });
    reading = false;
    expect(article.title).toBe('Caf\u00e9 story');
    expect(article.text).toContain('Paragraph 999 of the story');
    expect(article.date).toBe('2019-05-27');
    // In this thread, the extraction would run in one go: the loop could not turn before it ended.
    expect(turns).toBeGreaterThan(1);
    await expect(
      reader.read({
        id: 'https://news.example.com/x',
        body: undefined as unknown as Uint8Array,
        contentType: null,
        feedDate: null,
      }),
    ).rejects.toThrow();
  });
});
