import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/index/timeline/candidates.ts';
import {
  candidateMentions,
  DAY_FEATURES,
  dayFeatures,
  type DayFeature,
  type DayMention,
} from '../../../src/index/timeline/date-features.ts';
import { publicationCounts } from '../../../src/index/timeline/select-dates.ts';

const lead = (date: string, articleId: string): Candidate => ({
  date,
  articleDate: date,
  articleId,
  dateFrom: 'published',
  text: `${articleId} reports the news`,
  articleTitle: articleId,
  sentence: 0,
});
const mention = (day: string, articleId: string, articleDate: string): DayMention => ({ day, articleId, articleDate });
const feature = (features: Map<string, number[]>, day: string, name: DayFeature) =>
  features.get(day)![DAY_FEATURES.indexOf(name)];

describe('day features', () => {
  const candidates = [lead('2023-05-03', 'a'), lead('2023-05-03', 'b'), lead('2023-05-10', 'c')];
  const published = publicationCounts([
    '2023-05-03',
    '2023-05-03',
    '2023-05-10',
    '2023-05-11',
    '2023-05-20',
    '2023-05-30',
  ]);
  const mentions = [
    mention('2023-05-10', 'd', '2023-05-20'),
    mention('2023-05-10', 'd', '2023-05-20'), // a second sentence of the same later article
    mention('2023-05-10', 'e', '2023-05-30'),
    mention('2023-05-10', 'a', '2023-05-03'), // announced a week before
    mention('2023-05-03', 'b', '2023-05-03'), // named the same day
  ];
  const features = dayFeatures(candidates, published, mentions, ['2023-05-09']);

  it('counts later articles once each, their sentences each, and how far back they look', () => {
    expect(feature(features, '2023-05-10', 'laterArticles')).toBe(2);
    expect(feature(features, '2023-05-10', 'laterSentences')).toBe(3);
    expect(feature(features, '2023-05-10', 'recallSpan')).toBeCloseTo(Math.log1p(10) + Math.log1p(20));
    expect(feature(features, '2023-05-03', 'laterArticles')).toBe(0);
  });

  it('counts the articles announcing a day, those naming it the same day, and the publications of the day and the next', () => {
    expect(feature(features, '2023-05-10', 'earlierArticles')).toBe(1);
    expect(feature(features, '2023-05-03', 'sameDaySentences')).toBe(1);
    expect(feature(features, '2023-05-03', 'published')).toBe(2);
    expect(feature(features, '2023-05-10', 'publishedNext')).toBe(1);
    expect(feature(features, '2023-05-03', 'topicPublished')).toBe(2);
  });

  it('scores the extra days asked for (the days before a lead) and no others', () => {
    expect([...features.keys()].sort()).toEqual(['2023-05-03', '2023-05-09', '2023-05-10']);
    expect(feature(features, '2023-05-09', 'publishedNext')).toBe(1);
    expect(feature(features, '2023-05-09', 'published')).toBe(0);
  });

  it('takes the mentions of the candidates dated by their own words when no others are known', () => {
    const referring: Candidate = { ...lead('2023-05-10', 'z'), articleDate: '2023-05-12', dateFrom: 'text' };
    expect(candidateMentions([referring, lead('2023-05-03', 'a')])).toEqual([mention('2023-05-10', 'z', '2023-05-12')]);
  });
});
