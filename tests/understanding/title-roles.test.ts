import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../../src/understanding/analyze-article.ts';
import { article } from '../helpers/articles.ts';

const descriptorsOf = (body: string, name: string) =>
  analyzeArticle(article('t', '2022-05-01', 'Talks', body)).entities.find((e) => e.name === name)?.descriptors ?? [];

describe('a title before a name', () => {
  it('is the person’s role when it names an office', () => {
    const body =
      'The envoy held talks with Prime Minister Joseph Marsden in Valletta on Monday. Marsden said the talks went well.';
    expect(descriptorsOf(body, 'Joseph Marsden')).toContain('Prime Minister');
  });

  it('is not a role when it is only a form of address', () => {
    const body = 'The envoy held talks with Dr Joseph Marsden in Valletta on Monday. Marsden said the talks went well.';
    expect(descriptorsOf(body, 'Joseph Marsden')).toEqual([]);
  });
});
