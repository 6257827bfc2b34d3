import { describe, expect, it } from 'vitest';
import { DAY_FEATURES, type DayFeature } from '../../src/index/timeline/date-features.ts';
import { fitDateModel, meanDateF1, type DateTask } from '../../scripts/eval/fit-date-model.ts';

/** A day's features with the given counts, the rest 0. */
const day = (counts: Partial<Record<DayFeature, number>>) => DAY_FEATURES.map((f) => counts[f] ?? 0);

/** Timelines where the gold days are the ones later articles keep referring back to, not the busiest ones. */
const tasks: DateTask[] = [0, 1, 2].map((t) => ({
  l: 2,
  gold: new Set([`2020-0${t + 1}-05`, `2020-0${t + 1}-20`]),
  features: new Map([
    [`2020-0${t + 1}-05`, day({ published: 1, laterArticles: 6 + t })],
    [`2020-0${t + 1}-09`, day({ published: 5, laterArticles: 0 })],
    [`2020-0${t + 1}-12`, day({ published: 4, laterArticles: 1 })],
    [`2020-0${t + 1}-20`, day({ published: 2, laterArticles: 4 })],
  ]),
}));

describe('fitting the day ranker', () => {
  it('learns to weigh what marks the gold days, beating publication counts alone', () => {
    const fitted = fitDateModel(tasks);
    expect(fitted.weights.laterArticles).toBeGreaterThan(0);
    expect(meanDateF1(tasks, fitted)).toBe(1);
    expect(meanDateF1(tasks, { name: 'pubcount', weights: { published: 1 } })).toBe(0);
  });

  it('keeps publication count alone when nothing else helps', () => {
    const busy: DateTask[] = [
      {
        l: 1,
        gold: new Set(['2020-01-02']),
        features: new Map([
          ['2020-01-01', day({ published: 1 })],
          ['2020-01-02', day({ published: 3 })],
        ]),
      },
    ];
    expect(fitDateModel(busy).weights).toEqual({ published: 1 });
  });
});
