// `npm run eval -- tls ../shared/datasets/t17 [--topics bpoil,MJ] [--system briefbot|today|pubcount]`:
// timeline summarization on Timeline17 with news-tls's protocol (one task per gold timeline: l dates, k sentences a
// date, articles of the gold range) and tilse's scores (align+ m:1 ROUGE-1/2 F1, date F1), per timeline and mean.
//   briefbot  /timeline <query> from <first> to <last> with --dates l --sentences k, through the bot (the product path)
//   today     the same question without --dates/--sentences, keeping the first l dates and k sentences a date
//   pubcount  the PUBCOUNT baseline (dates by publication count, central lead sentences of that day's articles)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBot } from '../../src/app/bot.ts';
import type { Invoker } from '../../src/commands/types.ts';
import type { TimelineEvent } from '../../src/index/types.ts';
import { loadRougeData } from './rouge.ts';
import { f1, meanPR, scoreTimeline, type Timeline, type TimelineScores } from './tls-metric.ts';
import { pubcountTimeline, type RawArticle } from './tls-pubcount.ts';

interface GoldFile {
  topic: string;
  source: string;
  dates: { date: string; sentences: string[] }[];
}

const INVOKER: Invoker = {
  platform: 'cli',
  userId: 'eval',
  channelId: null,
  isDirectMessage: true,
  canManageChannel: false,
};

/** Python's round(): half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The protocol's cut: day-precision events grouped by date, the first l dates and k sentences a date kept. */
export function eventsToTimeline(events: Pick<TimelineEvent, 'date' | 'text'>[], l: number, k: number): Timeline {
  const tl: Timeline = new Map();
  for (const e of events) {
    if (!e.date || !/^\d{4}-\d\d-\d\d$/.test(e.date)) continue;
    if (!tl.has(e.date)) {
      if (tl.size >= l) continue;
      tl.set(e.date, []);
    }
    const list = tl.get(e.date)!;
    if (list.length < k) list.push(e.text);
  }
  return tl;
}

/** One task of the protocol: a gold timeline, its l and k, and the range of articles read. */
export interface TlsTask {
  name: string;
  gold: Timeline;
  l: number;
  k: number;
  from: string;
  to: string;
}

/** A topic's query, corpus folder and tasks (one per gold timeline, in file order). */
export function topicTasks(dir: string, topic: string): { query: string; corpusDir: string; tasks: TlsTask[] } {
  const query = readFileSync(join(dir, topic, 'query.txt'), 'utf8').trim();
  const golds = readdirSync(join(dir, topic, 'timelines'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, topic, 'timelines', f), 'utf8')) as GoldFile);
  const tasks = golds.map((gold) => {
    const goldTl: Timeline = new Map(gold.dates.map((d) => [d.date, d.sentences]));
    const dates = [...goldTl.keys()].sort();
    const l = dates.length;
    const k = roundHalfEven([...goldTl.values()].reduce((a, s) => a + s.length, 0) / l);
    return { name: `${topic}/${gold.source}`, gold: goldTl, l, k, from: dates[0], to: dates[l - 1] };
  });
  return { query, corpusDir: join(dir, topic, 'corpus'), tasks };
}

/** The development topics of a T17 folder (those with gold timelines), limited to `only` when given. */
export function tlsTopics(dir: string, only: ReadonlySet<string> | null): string[] {
  return readdirSync(dir)
    .filter((t) => existsSync(join(dir, t, 'timelines')) && (!only || only.has(t)))
    .sort();
}

export async function main(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { topics: { type: 'string' }, system: { type: 'string', default: 'briefbot' } },
  });
  const dir = positionals[0];
  const system = values.system as string;
  if (!dir || !['briefbot', 'today', 'pubcount'].includes(system)) {
    console.error(
      'usage: npm run eval -- tls ../shared/datasets/t17 [--topics bpoil,MJ] [--system briefbot|today|pubcount]',
    );
    process.exit(2);
  }
  if (!existsSync(join(dir, 'rouge'))) {
    console.log(`skipped: no Timeline17 data at ${dir}`);
    return;
  }
  const data = loadRougeData(join(dir, 'rouge'));
  const only = values.topics ? new Set((values.topics as string).split(',')) : null;
  const topics = tlsTopics(dir, only);
  const rows: { name: string; scores: TimelineScores }[] = [];
  for (const topic of topics) {
    const { query, corpusDir, tasks } = topicTasks(dir, topic);
    const bot = system === 'pubcount' ? null : await createBot({ corpusDir });
    const raw = system === 'pubcount' ? readArticles(corpusDir) : [];
    for (const { name, gold: goldTl, l, k, from, to } of tasks) {
      let pred: Timeline;
      if (bot) {
        const args = {
          topic: query,
          from,
          to,
          ...(system === 'briefbot' ? { dates: String(l), sentences: String(k) } : {}),
        };
        const result = await bot.run('timeline', args, INVOKER);
        pred = eventsToTimeline((result.data.events as TimelineEvent[] | undefined) ?? [], l, k);
      } else {
        pred = pubcountTimeline(raw, query, from, to, l, k);
      }
      const scores = scoreTimeline(pred, goldTl, data);
      rows.push({ name, scores });
      console.log(
        `${name.padEnd(24)} l=${String(l).padStart(3)} k=${k}  AR1-F ${f1(scores.rouge1).toFixed(3)}  AR2-F ${f1(scores.rouge2).toFixed(3)}  Date-F1 ${f1(scores.date).toFixed(3)}  (${pred.size} dates)`,
      );
    }
    await bot?.close();
  }
  const mean = (key: keyof TimelineScores) => f1(meanPR(rows.map((r) => r.scores[key])));
  console.log(
    `mean over ${rows.length} timelines (${system}): AR1-F ${mean('rouge1').toFixed(3)}  AR2-F ${mean('rouge2').toFixed(3)}  Date-F1 ${mean('date').toFixed(3)}`,
  );
}

function readArticles(corpusDir: string): RawArticle[] {
  return readFileSync(join(corpusDir, 'articles.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RawArticle)
    .filter((a) => a.text?.trim() && /^\d{4}-\d\d-\d\d$/.test(a.date ?? ''));
}
