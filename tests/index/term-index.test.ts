import { describe, expect, it } from 'vitest';
import { normalizeTerm } from '../../src/index/search.ts';
import { boundedEditDistance, TermIndex } from '../../src/index/term-index.ts';

function indexOf(docs: [string, string, string][]): TermIndex {
  const index = new TermIndex(normalizeTerm);
  for (const [id, title, body] of docs) index.add(id, title, body);
  return index;
}

const DOCS: [string, string, string][] = [
  ['a', 'Port strike ends', 'Dockers in Valletta ended their strike on Monday after a pay deal.'],
  ['b', 'Grain exports rise', 'Wheat and barley exports rose in March, the ministry said.'],
  ['c', 'Ministry sanctions shipping firm', 'The ministry imposed sanctions on a shipping firm over unpaid port fees.'],
  ['d', 'Elections delayed', 'The electoral commission delayed the vote; the ministry gave no reason.'],
];

describe('TermIndex', () => {
  it('finds documents containing every query word, best first, with the words that matched', () => {
    const hits = indexOf(DOCS).search('ministry port');
    expect(hits.map((h) => h.id)).toEqual(['c']);
    expect(hits[0].terms.sort()).toEqual(['ministry', 'port']);
  });

  it('falls back to any word when asked', () => {
    const ids = indexOf(DOCS)
      .search('barley dockers', { combineWith: 'or' })
      .map((h) => h.id);
    expect(ids.sort()).toEqual(['a', 'b']);
    expect(indexOf(DOCS).search('barley dockers')).toEqual([]);
  });

  it('ranks a word in the title above the same word in the body', () => {
    const hits = indexOf(DOCS).search('sanctions');
    expect(hits[0].id).toBe('c');
    const index = indexOf([
      ['x', 'Weather report', 'Drought hit the farms hard this year, officials said, and drought may return.'],
      ['y', 'Drought hits farms', 'Farmers said the season was hard and officials promised help.'],
    ]);
    expect(index.search('drought').map((h) => h.id)).toEqual(['y', 'x']);
  });

  it('matches longer words that a query word begins, and words one slip away, below exact matches', () => {
    const index = indexOf(DOCS);
    expect(index.search('export').map((h) => h.id)).toEqual(['b']);
    expect(index.search('export')[0].terms).toEqual(['exports']);
    // "ministery" is one letter off "ministry".
    expect(
      index
        .search('ministery')
        .map((h) => h.id)
        .sort(),
    ).toEqual(['b', 'c', 'd']);
    // Short words are matched exactly only.
    expect(index.search('vot')).toEqual([]);
  });

  it('forgets removed documents and takes a re-added one as new', () => {
    const index = indexOf(DOCS);
    index.remove('c');
    expect(index.has('c')).toBe(false);
    expect(index.search('sanctions')).toEqual([]);
    index.add('b', 'Grain exports fall', 'Exports of maize fell.');
    expect(index.search('barley')).toEqual([]);
    expect(index.search('maize').map((h) => h.id)).toEqual(['b']);
    expect(index.size).toBe(3);
  });

  it('ranks ties in the order documents were added', () => {
    const index = indexOf([
      ['second', 'Same', 'identical words here'],
      ['first', 'Same', 'identical words here'],
    ]);
    expect(index.search('identical').map((h) => h.id)).toEqual(['second', 'first']);
  });

  it('answers the same after a save and load, and rejects a state it did not write', () => {
    const index = indexOf(DOCS);
    index.remove('a');
    const saved = JSON.parse(JSON.stringify(index.toJSON()));
    const loaded = TermIndex.fromJSON(saved, normalizeTerm);
    for (const q of ['ministry', 'export', 'ministery', 'vote delayed'])
      expect(loaded.search(q)).toEqual(index.search(q));
    loaded.add('e', 'Port reopens', 'The port reopened.');
    expect(loaded.search('port').map((h) => h.id)).toContain('e');
    expect(() => TermIndex.fromJSON({ ...saved, format: 0 }, normalizeTerm)).toThrow();
    expect(() => TermIndex.fromJSON({ ...saved, pool: '' }, normalizeTerm)).toThrow();
    expect(() => TermIndex.fromJSON({ ...saved, terms: saved.terms.slice(1) }, normalizeTerm)).toThrow();
  });

  it('answers the same whether postings are frozen or recent, across many additions and removals', () => {
    // Freezing after every few hundred postings: additions and removals land on both sides of many freezes.
    const index = new TermIndex(normalizeTerm, 300);
    const fresh = new TermIndex(normalizeTerm);
    for (let i = 0; i < 3000; i++) {
      const doc: [string, string, string] = [
        `n${i}`,
        i % 7 ? 'Market report' : 'Harbour news',
        `shipping volume ${i % 13} rose; cargo word${i % 50}`,
      ];
      index.add(...doc);
      if (i % 5 === 0) index.remove(`n${i - 3}`);
    }
    const saved = TermIndex.fromJSON(JSON.parse(JSON.stringify(index)), normalizeTerm);
    for (let i = 0; i < 3000; i++)
      if (index.has(`n${i}`))
        fresh.add(
          `n${i}`,
          i % 7 ? 'Market report' : 'Harbour news',
          `shipping volume ${i % 13} rose; cargo word${i % 50}`,
        );
    for (const q of ['harbour cargo', 'word7', 'shipping', 'volume 12']) {
      const ids = (t: TermIndex) => t.search(q).map((h) => `${h.id}:${h.score.toFixed(6)}`);
      expect(ids(index)).toEqual(ids(fresh));
      expect(ids(saved)).toEqual(ids(fresh));
    }
  });

  it('finds prefixes among many terms added since the last sort', () => {
    const index = new TermIndex(normalizeTerm);
    for (let i = 0; i < 5000; i++) index.add(`d${i}`, '', `term${i} common`);
    index.add('late', '', 'terminal common');
    expect(index.search('terminal').map((h) => h.id)).toEqual(['late']);
    // The exact word first, then its one-slip neighbours ("term499", "term4998").
    expect(index.search('term4999')[0].id).toBe('d4999');
    const ids = index.search('term499').map((h) => h.id);
    expect(ids[0]).toBe('d499');
    for (let i = 4990; i <= 4999; i++) expect(ids).toContain(`d${i}`);
  });
});

describe('boundedEditDistance', () => {
  it('counts edits up to the bound and stops past it', () => {
    expect(boundedEditDistance('haftar', 'haftar', 1)).toBe(0);
    expect(boundedEditDistance('haftar', 'hafter', 1)).toBe(1);
    expect(boundedEditDistance('haftar', 'haftars', 1)).toBe(1);
    expect(boundedEditDistance('haftar', 'hifter', 1)).toBe(2);
    expect(boundedEditDistance('haftar', 'sarraj', 2)).toBe(3);
  });
});
