// Fits the day ranker's weights (src/index/timeline/date-model.ts) to timelines with known days: coordinate ascent
// over a grid of weights, each step kept only when the mean date F1 of the top-l days rises. `published` stays 1 (the
// unit: a linear ranker's order is the same for any positive multiple of its weights).
import { DAY_FEATURES, type DayFeature } from '../../src/index/timeline/date-features.ts';
import type { DateModel } from '../../src/index/timeline/date-model.ts';
import { scoreDay } from '../../src/index/timeline/select-dates.ts';
import { f1, meanPR, type PR } from './tls-metric.ts';

/** One timeline to learn from: each candidate day's features, the gold days and how many days to keep. */
export interface DateTask {
  features: ReadonlyMap<string, readonly number[]>;
  gold: ReadonlySet<string>;
  l: number;
}

/** The weights tried for each feature. */
export const WEIGHT_GRID = [0, 0.1, 0.25, 0.5, 1, 2, 4, 8];
const ROUNDS = 3;

/** Precision and recall of the model's top-l days against the gold days. */
export function topDaysPR(task: DateTask, model: DateModel): PR {
  const top = [...task.features]
    .map(([date, xs]) => ({ date, score: scoreDay(xs, model) }))
    .sort((a, b) => b.score - a.score || (a.date < b.date ? -1 : 1))
    .slice(0, task.l);
  const hit = top.filter((d) => task.gold.has(d.date)).length;
  return { precision: top.length ? hit / top.length : 0, recall: task.gold.size ? hit / task.gold.size : 0 };
}

/** Date F1 of the model's top-l days over the tasks, F1 of the mean precision and recall (as the evaluation averages). */
export function meanDateF1(tasks: readonly DateTask[], model: DateModel): number {
  return f1(meanPR(tasks.map((t) => topDaysPR(t, model))));
}

/** The weights that rank the tasks' gold days highest, found by coordinate ascent from publication count alone. */
export function fitDateModel(tasks: readonly DateTask[], name = 'learned'): DateModel {
  const weights: Partial<Record<DayFeature, number>> = { published: 1 };
  let best = meanDateF1(tasks, { name, weights });
  for (let round = 0; round < ROUNDS; round++) {
    let moved = false;
    for (const feature of DAY_FEATURES) {
      if (feature === 'published') continue;
      for (const w of WEIGHT_GRID) {
        const tried = meanDateF1(tasks, { name, weights: { ...weights, [feature]: w } });
        if (tried > best + 1e-9) [best, weights[feature], moved] = [tried, w, true];
      }
    }
    if (!moved) break;
  }
  for (const f of DAY_FEATURES) if (!weights[f]) delete weights[f];
  return { name, weights };
}
