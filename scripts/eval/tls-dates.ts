// `npm run eval -- tls-dates ../shared/datasets/t17 [--topics bpoil,MJ] [--features published,laterArticles,...]`:
// learns the day ranker (src/index/timeline/date-model.ts) on Timeline17's development topics and measures it the
// honest way, leaving one topic out: each topic's timelines are summarised with weights fitted on the other topics.
// Prints per-timeline and mean AR1-F / AR2-F / Date-F1 for round 3's rules, the leave-one-topic-out models, the
// model fitted on all topics (in-sample, not a figure to quote) and the shipped DATE_MODEL, then the fitted weights.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBot } from '../../src/app/bot.ts';
import type { SourceArticle } from '../../src/index/timeline/candidates.ts';
import { DAY_FEATURES, dayFeatures, type DayFeature } from '../../src/index/timeline/date-features.ts';
import { DATE_MODEL, RULE_DATE_MODEL, type DateModel } from '../../src/index/timeline/date-model.ts';
import { summarizeTimeline, timelineInput } from '../../src/index/timeline/summarize.ts';
import { fitDateModel, type DateTask } from './fit-date-model.ts';
import { loadRougeData, type RougeData } from './rouge.ts';
import { f1, meanPR, scoreTimeline, type TimelineScores } from './tls-metric.ts';
import { eventsToTimeline, tlsTopics, topicTasks, type TlsTask } from './tls.ts';

interface LoadedTask extends TlsTask {
  topic: string;
  query: string;
  sources: SourceArticle[];
  dates: DateTask;
}

/** The timelines' tasks with the articles the bot reads for them (its topicSources) and their days' features. */
async function loadTasks(dir: string, topics: string[], features: ReadonlySet<DayFeature>): Promise<LoadedTask[]> {
  const out: LoadedTask[] = [];
  for (const topic of topics) {
    const { query, corpusDir, tasks } = topicTasks(dir, topic);
    const bot = await createBot({ corpusDir });
    const sources = bot.engine.topicSources(query);
    await bot.close();
    for (const task of tasks) {
      const input = timelineInput(sources, query, { from: task.from, to: task.to });
      const raw = dayFeatures(input.candidates, input.published, input.mentions, input.byDay.keys());
      // Features left out of the fit read as 0 (an ablation: what the ranker does without them).
      const masked = new Map(
        [...raw].map(([day, xs]) => [day, xs.map((x, i) => (features.has(DAY_FEATURES[i]) ? x : 0))]),
      );
      out.push({
        ...task,
        topic,
        query,
        sources,
        dates: { features: masked, gold: new Set(task.gold.keys()), l: task.l },
      });
    }
  }
  return out;
}

function score(task: LoadedTask, model: DateModel, data: RougeData): TimelineScores {
  const events = summarizeTimeline(
    task.sources,
    task.query,
    { from: task.from, to: task.to },
    { dates: task.l, sentences: task.k },
    model,
  );
  return scoreTimeline(eventsToTimeline(events, task.l, task.k), task.gold, data);
}

const fmt = (s: TimelineScores) => `${f1(s.rouge1).toFixed(3)} / ${f1(s.rouge2).toFixed(3)} / ${f1(s.date).toFixed(3)}`;
const meanOf = (rows: TimelineScores[]) => ({
  rouge1: meanPR(rows.map((r) => r.rouge1)),
  rouge2: meanPR(rows.map((r) => r.rouge2)),
  date: meanPR(rows.map((r) => r.date)),
});

export async function main(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { topics: { type: 'string' }, features: { type: 'string' } },
  });
  const dir = positionals[0];
  if (!dir) {
    console.error(
      'usage: npm run eval -- tls-dates ../shared/datasets/t17 [--topics bpoil,MJ] [--features published,laterArticles]',
    );
    process.exit(2);
  }
  if (!existsSync(join(dir, 'rouge'))) {
    console.log(`skipped: no Timeline17 data at ${dir}`);
    return;
  }
  const features = new Set((values.features ? (values.features as string).split(',') : DAY_FEATURES) as DayFeature[]);
  const unknown = [...features].filter((f) => !DAY_FEATURES.includes(f));
  if (unknown.length) {
    console.error(`unknown features: ${unknown.join(', ')} (known: ${DAY_FEATURES.join(', ')})`);
    process.exit(2);
  }
  const data = loadRougeData(join(dir, 'rouge'));
  const topics = tlsTopics(dir, values.topics ? new Set((values.topics as string).split(',')) : null);
  const tasks = await loadTasks(dir, topics, features);
  const rows = {
    rules: [] as TimelineScores[],
    loto: [] as TimelineScores[],
    all: [] as TimelineScores[],
    shipped: [] as TimelineScores[],
  };
  const fitted = fitDateModel(
    tasks.map((t) => t.dates),
    'all topics',
  );
  console.log('timeline                 rules (round 3)          leave-one-topic-out');
  for (const topic of topics) {
    const held = tasks.filter((t) => t.topic === topic);
    const model = fitDateModel(
      tasks.filter((t) => t.topic !== topic).map((t) => t.dates),
      `without ${topic}`,
    );
    console.log(`  fitted without ${topic}: ${JSON.stringify(model.weights)}`);
    for (const task of held) {
      const [rules, loto] = [score(task, RULE_DATE_MODEL, data), score(task, model, data)];
      rows.rules.push(rules);
      rows.loto.push(loto);
      rows.all.push(score(task, fitted, data));
      rows.shipped.push(score(task, DATE_MODEL, data));
      console.log(`${task.name.padEnd(24)} ${fmt(rules)}    ${fmt(loto)}`);
    }
  }
  console.log(`mean over ${rows.loto.length} timelines, AR1-F / AR2-F / Date-F1:`);
  console.log(`  rules (round 3)                 ${fmt(meanOf(rows.rules))}`);
  console.log(`  leave-one-topic-out (honest)    ${fmt(meanOf(rows.loto))}`);
  console.log(`  fitted on all topics (in-sample) ${fmt(meanOf(rows.all))}`);
  console.log(`  shipped DATE_MODEL (${DATE_MODEL.name})     ${fmt(meanOf(rows.shipped))}`);
  console.log(`weights fitted on all topics: ${JSON.stringify(fitted.weights)}`);
}
