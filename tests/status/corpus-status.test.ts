import { describe, expect, it } from 'vitest';
import { CorpusEngine } from '../../src/index/engine.ts';
import { corpusStatus } from '../../src/status/corpus-status.ts';
import { article } from '../helpers/articles.ts';
import { TREND_ARTICLES } from '../helpers/trend-corpus.ts';

describe('the corpus part of the status page', () => {
  it('gives the counts and the newest dated article, and follows the corpus as it changes', async () => {
    const engine = new CorpusEngine();
    await engine.addArticles(TREND_ARTICLES);
    const status = corpusStatus(engine);
    const first = status();
    expect(first).toMatchObject({ articles: 7, newest: { date: '2021-03-30', title: 'Commander speaks' } });
    expect(first.entities).toBe(engine.stats.entities);
    expect(status().updatedAt).toBe(first.updatedAt);

    await engine.addArticles([
      article('n1', '2021-04-02', 'Port reopens', 'Harbour master Lina Okafor said Port Alden would reopen on Friday.'),
    ]);
    const later = status();
    expect(later).toMatchObject({ articles: 8, newest: { date: '2021-04-02', title: 'Port reopens' } });
    expect(later.entities).toBe(engine.stats.entities);
    expect(later.entities).toBeGreaterThan(first.entities);
  });

  it('says there is no dated article when none is', async () => {
    const engine = new CorpusEngine();
    await engine.addArticles([article('u1', null, 'Undated', 'Foreign Minister Amira Haddad spoke.')]);
    expect(corpusStatus(engine)()).toMatchObject({ articles: 1, newest: null });
  });
});
