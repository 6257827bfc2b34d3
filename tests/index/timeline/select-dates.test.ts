import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/index/timeline/candidates.ts';
import { publicationCounts, rankDates } from '../../../src/index/timeline/select-dates.ts';

const candidate = (date: string, articleDate: string, articleId: string, dateFrom: Candidate['dateFrom'] = 'text'): Candidate => ({
  date, articleDate, articleId, dateFrom, text: `${articleId} on ${date}`, articleTitle: articleId, sentence: 0,
});

describe('date ranking', () => {
  it('ranks a day later articles keep referring back to above a day with one more article published', () => {
    const candidates = [
      candidate('2022-03-02', '2022-03-02', 'a1', 'published'),
      candidate('2022-03-05', '2022-03-05', 'b1', 'published'),
      candidate('2022-03-05', '2022-03-05', 'b2', 'published'),
      candidate('2022-03-02', '2022-03-10', 'c1'),
      candidate('2022-03-02', '2022-03-12', 'c2'),
      candidate('2022-03-02', '2022-03-12', 'c2'), // the same article twice counts once
    ];
    const published = publicationCounts(['2022-03-02', '2022-03-05', '2022-03-05', '2022-03-10', '2022-03-12']);
    const ranked = rankDates(candidates, published);
    expect(ranked[0].date).toBe('2022-03-02');
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
  });

  it('ranks by publication count when nothing refers back, the earlier day first on ties', () => {
    const candidates = [candidate('2022-01-03', '2022-01-03', 'x', 'published'), candidate('2022-01-01', '2022-01-01', 'y', 'published'), candidate('2022-01-05', '2022-01-05', 'z', 'published')];
    const published = publicationCounts(['2022-01-01', '2022-01-03', '2022-01-05', '2022-01-05']);
    expect(rankDates(candidates, published).map((d) => d.date)).toEqual(['2022-01-05', '2022-01-01', '2022-01-03']);
  });
});
