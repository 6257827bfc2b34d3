/**
 * The fixed query set of the bench, drawn from the corpus itself so that it fits any corpus:
 * the most-mentioned entities (for /who and /timeline) and, for /search and /brief, half of those with the
 * commonest headline keywords. Ties break alphabetically, so the same corpus always gives the same queries.
 */
import type { BotCore } from '../src/app/types.ts';
import type { Invoker } from '../src/commands/types.ts';
import type { Article } from '../src/corpus/types.ts';
import { readPlace } from '../src/index/analysis-bytes.ts';
import type { CorpusEngine } from '../src/index/engine.ts';
import type { ArticleAnalysis } from '../src/understanding/analysis-types.ts';
import { type LatencySummary, summarise } from './stats.ts';

export interface QuerySet {
  /** Entity names, most mentioned first. */
  entities: string[];
  /** Topics for /search and /brief: entities and keywords. */
  topics: string[];
}

const STOP = new Set(
  'about above after again against also among and are because been before being below between both but could does doing down during each even from further have having here into just more most much must only other over same says said says should since some such than that their them then there these they this those through under until very was were what when where which while will with would year years week pct mln dlrs billion million'.split(
    ' ',
  ),
);

export function pickQueries(
  entries: Iterable<{ article: Article; analysis: ArticleAnalysis | null }>,
  count = 200,
): QuerySet {
  const mentions = new Map<string, { name: string; n: number }>();
  const keywordDocs = new Map<string, number>();
  for (const { article, analysis } of entries) {
    if (!analysis) continue;
    for (const e of analysis.entities) {
      const key = e.name.toLowerCase();
      const seen = mentions.get(key) ?? { name: e.name, n: 0 };
      seen.n += e.mentions;
      mentions.set(key, seen);
    }
    for (const word of new Set(article.title.toLowerCase().match(/\p{L}{4,}/gu) ?? []))
      if (!STOP.has(word)) keywordDocs.set(word, (keywordDocs.get(word) ?? 0) + 1);
  }
  const byCount = <T>(list: [string, T][], n: (t: T) => number) =>
    list.sort((a, b) => n(b[1]) - n(a[1]) || a[0].localeCompare(b[0]));
  const entities = byCount([...mentions], (m) => m.n)
    .slice(0, count)
    .map(([, m]) => m.name);
  const names = new Set(entities.map((e) => e.toLowerCase()));
  const keywords = byCount([...keywordDocs], (n) => n)
    .map(([w]) => w)
    .filter((w) => !names.has(w));
  const half = Math.ceil(count / 2);
  const topics = [...entities.slice(0, half), ...keywords.slice(0, count - Math.min(half, entities.length))];
  return { entities, topics: topics.slice(0, count) };
}

/** Times one command per query, through the bot's run (the code path every platform uses), one per turn of the event loop. */
export async function timeCommand(
  run: (name: string, args: Record<string, string>) => Promise<unknown>,
  name: string,
  argsList: Record<string, string>[],
): Promise<number[]> {
  const times: number[] = [];
  for (const args of argsList) {
    // One command per turn of the event loop, as requests arrive on a platform.
    await new Promise((resolve) => setImmediate(resolve));
    const start = performance.now();
    await run(name, args);
    times.push(performance.now() - start);
  }
  return times;
}

/** Who the benches ask as: the CLI, in a direct conversation. */
export const BENCH_INVOKER: Invoker = {
  platform: 'cli',
  userId: 'bench',
  channelId: null,
  isDirectMessage: true,
  canManageChannel: false,
};

/** Every article with its analysis parsed, one at a time (the engine's cache of recent analyses is left alone). */
export function* parsedEntries(
  engine: CorpusEngine,
): Generator<{ article: Article; analysis: ArticleAnalysis | null }> {
  for (const { article, analysis } of engine.entries())
    yield { article, analysis: analysis && (JSON.parse(readPlace(analysis).toString('utf8')) as ArticleAnalysis) };
}

/** Each command over its 200 queries, through bot.run: the code path every platform uses. */
export async function runQueries(
  bot: Pick<BotCore, 'run'>,
  queries: QuerySet,
): Promise<Record<'who' | 'timeline' | 'search' | 'brief', LatencySummary>> {
  const run = (name: string, args: Record<string, string>) => bot.run(name, args, BENCH_INVOKER);
  const who = await timeCommand(
    run,
    'who',
    queries.entities.map((name) => ({ name })),
  );
  const timeline = await timeCommand(
    run,
    'timeline',
    queries.entities.map((topic) => ({ topic })),
  );
  const search = await timeCommand(
    run,
    'search',
    queries.topics.map((query) => ({ query })),
  );
  const brief = await timeCommand(
    run,
    'brief',
    queries.topics.map((topic) => ({ topic })),
  );
  return { who: summarise(who), timeline: summarise(timeline), search: summarise(search), brief: summarise(brief) };
}
