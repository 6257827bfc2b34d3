import { describe, expect, it } from 'vitest';
import { newestOf } from '../../../src/index/brief.ts';
import { CorpusEngine } from '../../../src/index/engine.ts';
import { article } from '../../helpers/articles.ts';

function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('the newest articles in scope of a briefing', () => {
  it('are the same whether found by a sort of the scope or by walking the engine’s newest-first order', async () => {
    const random = generator(42);
    // Many ties: few days, and files of several articles each (one path), as JSON Lines files hold them; some undated.
    const articles = Array.from({ length: 120 }, (_, i) => ({
      ...article(
        `a${i}`,
        random() < 0.15 ? null : `2021-03-0${1 + Math.floor(random() * 4)}`,
        `Story ${i}`,
        `Harbour master Lina Okafor spoke about the port, story ${i}.`,
      ),
      path: `part-${Math.floor(random() * 5)}.jsonl`,
    }));
    const engine = new CorpusEngine();
    await engine.addArticles(articles.slice(0, 80));
    await engine.addArticles(articles.slice(80)); // added later: after the articles they tie with
    for (let trial = 0; trial < 40; trial++) {
      // In any order (a topic's ids come from its entity, then from search hits).
      const scope = articles
        .filter(() => random() < 0.6)
        .map((a) => a.id)
        .sort(() => random() - 0.5);
      const limit = 1 + Math.floor(random() * 60);
      const sorted = newestOf(engine, scope, limit, Number.POSITIVE_INFINITY).map((s) => s.article.id);
      const walked = newestOf(engine, scope, limit, 0).map((s) => s.article.id);
      expect(walked, `trial ${trial}`).toEqual(sorted);
      expect(sorted.length).toBe(Math.min(limit, scope.length));
    }
  });
});
