import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/index/timeline/candidates.ts';
import { publicationCounts, rankDates, type DateModel } from '../../../src/index/timeline/select-dates.ts';
import { summarizeTimeline } from '../../../src/index/timeline/summarize.ts';
import { createBot } from '../../../src/app/bot.ts';
import { article } from '../../helpers/articles.ts';

const candidate = (
  date: string,
  articleDate: string,
  articleId: string,
  dateFrom: Candidate['dateFrom'] = 'text',
): Candidate => ({
  date,
  articleDate,
  articleId,
  dateFrom,
  text: `${articleId} on ${date}`,
  articleTitle: articleId,
  sentence: 0,
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
    const candidates = [
      candidate('2022-01-03', '2022-01-03', 'x', 'published'),
      candidate('2022-01-01', '2022-01-01', 'y', 'published'),
      candidate('2022-01-05', '2022-01-05', 'z', 'published'),
    ];
    const published = publicationCounts(['2022-01-01', '2022-01-03', '2022-01-05', '2022-01-05']);
    expect(rankDates(candidates, published).map((d) => d.date)).toEqual(['2022-01-05', '2022-01-01', '2022-01-03']);
  });
});

/** A story of our own writing: the dam breach has one article of its own, the rain a week before has three. */
const DAM = [
  article(
    'd1',
    '2023-05-01',
    'Dam inspected',
    'Engineers inspected the Varno dam and reported small cracks in its northern wall to the regional council.',
  ),
  article(
    'd2',
    '2023-05-03',
    'Heavy rain',
    'Heavy rain filled the Varno dam reservoir to its highest level in a decade, the water board said.',
  ),
  article(
    'd3',
    '2023-05-03',
    'Rain keeps falling',
    'Rain kept falling over the valley and the Varno dam reservoir rose by another metre during the night.',
  ),
  article(
    'd4',
    '2023-05-03',
    'Reservoir full',
    'The water board opened two spillways as the Varno dam reservoir reached the top of its wall.',
  ),
  article(
    'd5',
    '2023-05-10',
    'Dam breaks',
    'The northern wall of the Varno dam gave way and flooded three villages downstream of the reservoir.',
  ),
  article(
    'd6',
    '2023-05-20',
    'Villagers return',
    'Villagers returned to homes flooded when the Varno dam breached on 10 May 2023, and began clearing the mud.',
  ),
  article(
    'd7',
    '2023-05-28',
    'Inquiry opens',
    'An inquiry opened into why the Varno dam failed on 10 May 2023 although engineers had reported cracks in its wall.',
  ),
  article(
    'd8',
    '2023-06-05',
    'Rebuilding starts',
    'Work began on a new wall for the Varno dam, which collapsed on 10 May 2023 and flooded the valley below.',
  ),
];

describe('day ranker on a corpus', () => {
  it('picks the day later articles refer back to over the busiest day and the first one, as neither count alone does', async () => {
    const bot = await createBot({ articles: DAM });
    const sources = bot.engine.topicSources('Varno dam');
    const keyDay = (model?: DateModel) =>
      summarizeTimeline(sources, 'Varno dam', {}, { dates: 1, sentences: 1 }, model)[0]?.date;
    expect(keyDay()).toBe('2023-05-10');
    // The same question asked of a constant ranker (earliest day first) and of publication counts alone.
    expect(keyDay({ name: 'constant', weights: {} })! < '2023-05-02').toBe(true);
    expect(keyDay({ name: 'pubcount', weights: { published: 1 } })).toBe('2023-05-03');
    await bot.close();
  });
});
