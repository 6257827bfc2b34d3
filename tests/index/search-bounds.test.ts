import { describe, expect, it } from 'vitest';
import { normalizeTerm } from '../../src/index/search.ts';
import { MAX_FUZZY_WORDS, MAX_QUERY_WORDS, TermIndex } from '../../src/index/term-index.ts';

/** /search's work is bounded by a constant, not by the number of words typed (issue 15, item 9). */
const WORDS = [
  'harbour',
  'ministry',
  'election',
  'sanction',
  'shipping',
  'dockers',
  'barley',
  'tribunal',
  'council',
  'festival',
  'museum',
  'railway',
];
const slip = (w: string) => `${w.slice(0, -1)}x`;

function index(): TermIndex {
  const idx = new TermIndex(normalizeTerm);
  WORDS.forEach((w, i) => idx.add(`d${i}`, `Notice ${i}`, `A short item about the ${w} for this test.`));
  return idx;
}

describe('TermIndex.search bounds', () => {
  it(`matches with slips only the first ${MAX_FUZZY_WORDS} long query words; exact words still match beyond them`, () => {
    const idx = index();
    const misspelled = WORDS.map(slip).join(' ');
    expect(
      idx
        .search(misspelled, { combineWith: 'or' })
        .map((h) => h.id)
        .sort(),
    ).toEqual(
      WORDS.slice(0, MAX_FUZZY_WORDS)
        .map((_, i) => `d${i}`)
        .sort(),
    );
    expect(idx.search(WORDS.join(' '), { combineWith: 'or' })).toHaveLength(WORDS.length);
  });

  it(`reads at most ${MAX_QUERY_WORDS} distinct words of a query`, () => {
    const idx = index();
    const filler = Array.from({ length: MAX_QUERY_WORDS }, (_, i) => `zz${i}`).join(' ');
    expect(idx.search(`${filler} harbour`, { combineWith: 'or' })).toEqual([]);
    expect(idx.search(`harbour ${filler}`, { combineWith: 'or' }).map((h) => h.id)).toEqual(['d0']);
  });
});
