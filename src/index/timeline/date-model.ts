import type { DayFeature } from './date-features.ts';

/** A linear day ranker: a weight a DAY_FEATURES count (missing: 0). */
export interface DateModel {
  name: string;
  weights: Partial<Record<DayFeature, number>>;
}

/** Round 3's rule set: articles published that day, and twice the later articles referring back to it about the topic. */
export const RULE_DATE_MODEL: DateModel = { name: 'rules', weights: { published: 1, laterTopicArticles: 2 } };

/**
 * The day ranker in use: weights fitted on Timeline17's four development topics by `npm run eval -- tls-dates
 * ../shared/datasets/t17` (coordinate ascent on date F1, scripts/eval/fit-date-model.ts). Fitted without any one
 * topic, three of the four folds find these very weights (the fourth, without bpoil, finds others): a rule the topics
 * agree on. Articles published that day and later articles referring back to it count alike; a quarter for each
 * article of the next day, each further sentence referring back, and each earlier article announcing the day.
 */
export const DATE_MODEL: DateModel = {
  name: 'fitted on T17 development topics',
  weights: { published: 1, publishedNext: 0.25, laterArticles: 1, laterSentences: 0.25, earlierArticles: 0.25 },
};
