import { describe, expect, it } from 'vitest';
import { DateOrder, NewestFirst } from '../../src/index/article-orders.ts';
import { compareKeys, type StoredArticle } from '../../src/index/engine-parts.ts';
import { isoSortKey } from '../../src/understanding/statements.ts';
import { article } from '../helpers/articles.ts';

/** A small deterministic generator, so that a failure names its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function stored(random: () => number, n: number): Map<string, StoredArticle> {
  const out = new Map<string, StoredArticle>();
  for (let i = 0; i < n; i++) {
    // Few distinct dates (many ties), some undated, some not understood (near-duplicates keep counts null).
    const day = Math.floor(random() * 4);
    const date = random() < 0.2 ? null : `2021-03-0${day + 1}`;
    const id = `a${Math.floor(random() * 1000)}-${i}`;
    out.set(id, {
      article: article(id, date, id, 'Text.'),
      counts: random() < 0.1 ? null : [1, 1],
    } as unknown as StoredArticle);
  }
  return out;
}

describe('the newest-first order', () => {
  it('names the same newest article by one pass, before the order is built, as the sorted order does', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const held = stored(generator(seed), 1 + (seed % 40));
      const scanned = new NewestFirst(
        () => held.values(),
        (id) => held.get(id)!.article,
      );
      const sorted = new NewestFirst(
        () => held.values(),
        (id) => held.get(id)!.article,
      );
      const head = scanned.head();
      expect(head, `seed ${seed}`).toBe(sorted.list()[0]);
      expect(sorted.head(), `seed ${seed}`).toBe(sorted.list()[0]);
    }
  });

  it('has no newest article when none is understood', () => {
    const held = new Map<string, StoredArticle>([
      ['x', { article: article('x', '2021-01-01', 'x', 'Text.'), counts: null } as unknown as StoredArticle],
    ]);
    expect(
      new NewestFirst(
        () => held.values(),
        (id) => held.get(id)!.article,
      ).head(),
    ).toBeUndefined();
  });
});

describe('the date order', () => {
  it('is the comparison sort of the dates, ties in the order the articles were added', () => {
    const dates = [null, '2021-03-01', '2021-03-02', '2021-W09', '2021-Q1', '2021', '2021-03', '2020-12-31T10:00', ''];
    for (let seed = 1; seed <= 50; seed++) {
      const random = generator(seed);
      const held = new Map<string, StoredArticle>();
      for (let i = 0; i < 1 + (seed % 60); i++) {
        const id = `a${i}`;
        const date = dates[Math.floor(random() * dates.length)];
        held.set(id, { article: article(id, date, id, 'Text.'), counts: [1, 1] } as unknown as StoredArticle);
      }
      const { rankOf, refAt } = new DateOrder(() => held.values()).get();
      // The order as a stable comparison sort gives it.
      const expected = [...held.values()]
        .map((s, order) => ({ id: s.article.id, key: isoSortKey(s.article.date), order }))
        .sort((a, b) => compareKeys(a.key, b.key) || a.order - b.order)
        .map((k) => k.id);
      expect(
        refAt.map((r) => r.id),
        `seed ${seed}`,
      ).toEqual(expected);
      expected.forEach((id, rank) => expect(rankOf.get(id)).toBe(rank));
    }
  });
});
