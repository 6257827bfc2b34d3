import { describe, expect, it } from 'vitest';
import { analysedPart, analyzeArticle, MAX_ANALYSED_CHARS } from '../../src/understanding/analyze-article.ts';

/** Issue 15, target "any file up to the size cap loads in <= 2 s of CPU": 5 MB of `@` was 5 million tokens (20 s). */
describe('the understood part of a body', () => {
  it('is the whole of an ordinary story', () => {
    const body = 'Khalifa Haftar met officials in Cairo on Monday. '.repeat(100);
    expect(analysedPart(body)).toBe(body);
  });

  it('stops at MAX_ANALYSED_CHARS, at a space where there is one near', () => {
    const body = 'word '.repeat(MAX_ANALYSED_CHARS);
    const part = analysedPart(body);
    expect(part.length).toBeLessThanOrEqual(MAX_ANALYSED_CHARS);
    expect(part.length).toBeGreaterThan(MAX_ANALYSED_CHARS * 0.9);
    expect(body.startsWith(part) && part.endsWith('word')).toBe(true);
    expect(analysedPart('@'.repeat(5_000_000))).toHaveLength(MAX_ANALYSED_CHARS);
  });

  it('bounds the tokens of a 5 MB body, and names before the cut are still found', () => {
    const body = `Khalifa Haftar met officials in Cairo on Monday. ${'@'.repeat(5_000_000)} Fayez al-Sarraj said.`;
    const analysis = analyzeArticle({ id: 'big', body, date: '2019-05-27' });
    expect(analysis.tokens).toBeLessThanOrEqual(MAX_ANALYSED_CHARS);
    const names = analysis.entities.map((e) => e.name);
    expect(names.some((n) => n.includes('Haftar'))).toBe(true);
    expect(names.some((n) => n.includes('Sarraj'))).toBe(false);
  });
});

describe('the searched part of a body', () => {
  it('is the understood part: words past it are not indexed', async () => {
    const { SearchIndex } = await import('../../src/index/search.ts');
    const index = new SearchIndex();
    index.add([
      {
        id: 'big',
        title: 'A long dump',
        body: `Tripoli talks resumed. ${'filler '.repeat(MAX_ANALYSED_CHARS / 7)} Benghazi`,
      },
    ]);
    expect(index.query('tripoli', 5).map((h) => h.id)).toEqual(['big']);
    expect(index.query('benghazi', 5)).toEqual([]);
  });
});
