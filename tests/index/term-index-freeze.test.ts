import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { normalizeTerm } from '../../src/index/search.ts';
import { TermIndex } from '../../src/index/term-index.ts';
import { seededRandom } from '../../src/util/random.ts';

const WORDS = 'port strike grain wheat ministry sanctions shipping election vote harbour barley deal fees'.split(' ');

/** 3,000 documents of random words, then every other one of the first 2,400 removed: a freeze with renumbering. */
function fill(index: TermIndex, freezeWhenDue: boolean): void {
  const random = seededRandom(7);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  for (let k = 0; k < 3000; k++) index.add(`d${k}`, words(3), `${words(20)} w${k}`, freezeWhenDue);
  for (let k = 0; k < 2400; k += 2) index.remove(`d${k}`, freezeWhenDue);
}

const QUERIES = ['port', 'ministry sanctions', 'w2999', 'harb', 'shiping'];

describe('freezing the term index a slice at a time', () => {
  it('gives the index of a freeze in one go, yielding between slices', async () => {
    const whole = new TermIndex(normalizeTerm, 500);
    fill(whole, true);
    const sliced = new TermIndex(normalizeTerm, 500);
    fill(sliced, false);
    expect(sliced.freezeDue).toBe(true);
    let yields = 0;
    await sliced.freezeInSlices(async () => {
      yields++;
      await nextTurn();
    });
    expect(yields).toBeGreaterThan(3);
    expect(sliced.freezeDue).toBe(false);
    expect(JSON.stringify(sliced.toJSON())).toBe(JSON.stringify(whole.toJSON()));
    for (const q of QUERIES)
      expect(sliced.search(q, { combineWith: 'or' })).toEqual(whole.search(q, { combineWith: 'or' }));
  });

  it('drops its work when the index changes meanwhile: the index stays valid, and answers as one never sliced', async () => {
    const whole = new TermIndex(normalizeTerm, 500);
    fill(whole, true);
    whole.add('late', 'Late port news', 'The port reopened late.');
    const sliced = new TermIndex(normalizeTerm, 500);
    fill(sliced, false);
    let added = false;
    await sliced.freezeInSlices(async () => {
      if (!added) sliced.add('late', 'Late port news', 'The port reopened late.', false);
      added = true;
      await nextTurn();
    });
    expect(sliced.freezeDue).toBe(true);
    for (const q of [...QUERIES, 'late']) expect(sliced.search(q)).toEqual(whole.search(q));
    expect(JSON.stringify(sliced.toJSON())).toBe(JSON.stringify(whole.toJSON()));
  });
});
