import { describe, expect, it } from 'vitest';
import type { DatedStatement } from '../../../src/understanding/analysis-types.ts';
import { candidatesOf, type SourceArticle } from '../../../src/index/timeline/candidates.ts';

const statement = (sentence: number, text: string, date: string | null, explicit = true): DatedStatement => ({
  sentence,
  text,
  date,
  precision: date && date.length === 10 ? 'day' : 'month',
  explicit,
  upcoming: false,
  entities: [],
});

const BODY = [
  'The Korvan dam burst on the river above Millbrook, flooding the valley towns.',
  'Rescue teams from three provinces reached the valley by nightfall on Tuesday.',
  'Engineers had warned on 2 March that the dam walls were cracking badly.',
  'Officials say a new dam will open on 1 June in the same place.',
].join(' ');

const ARTICLE: SourceArticle = {
  id: 'flood-1',
  title: 'Dam bursts above Millbrook',
  date: '2022-03-09',
  body: BODY,
  statements: [
    statement(1, 'Rescue teams from three provinces reached the valley by nightfall on Tuesday.', '2022-03-08'),
    statement(2, 'Engineers had warned on 2 March that the dam walls were cracking badly.', '2022-03-02'),
    statement(3, 'Officials say a new dam will open on 1 June in the same place.', '2022-06-01'),
  ],
};

describe('timeline candidates', () => {
  it('puts a sentence with a day of its own on that day, marked as dated by its text', () => {
    const c = candidatesOf(ARTICLE);
    expect(c.filter((x) => x.dateFrom === 'text').map((x) => [x.date, x.sentence])).toEqual([
      ['2022-03-08', 1],
      ['2022-03-02', 2],
    ]);
  });

  it('puts lead sentences without a date of their own on the publication day, marked as such', () => {
    const published = candidatesOf(ARTICLE).filter((x) => x.dateFrom === 'published');
    expect(published.map((x) => x.text)).toEqual([
      'The Korvan dam burst on the river above Millbrook, flooding the valley towns.',
    ]);
    expect(published[0].date).toBe('2022-03-09');
  });

  it('keeps a date after the article out: a plan is not an event', () => {
    expect(candidatesOf(ARTICLE).some((x) => x.date === '2022-06-01')).toBe(false);
  });

  it('gives an undated article only the sentences its text dates', () => {
    const c = candidatesOf({ ...ARTICLE, date: null });
    expect(c.every((x) => x.dateFrom === 'text')).toBe(true);
    // Without a publication date, nothing tells a plan from an event: the June date stays.
    expect(c.map((x) => x.date)).toEqual(['2022-03-08', '2022-03-02', '2022-06-01']);
  });

  it('takes a chronology entry without its opening day, marked as one', () => {
    const article: SourceArticle = {
      id: 'factbox-1',
      title: 'Timeline: the Korvan dam',
      date: '2022-03-20',
      body: 'Timeline of the flood. March 8 - The Korvan dam bursts above Millbrook, killing nine people.',
      statements: [statement(1, 'March 8 - The Korvan dam bursts above Millbrook, killing nine people.', '2022-03-08')],
    };
    const entry = candidatesOf(article).find((c) => c.dateFrom === 'text')!;
    expect(entry).toMatchObject({
      date: '2022-03-08',
      text: 'The Korvan dam bursts above Millbrook, killing nine people.',
      chronology: true,
    });
    expect(candidatesOf(ARTICLE).some((c) => c.chronology)).toBe(false);
  });
});
