/**
 * One bot instance for `npm run bench:pg` (bench/postgres.ts), in a process of its own so that its memory is its
 * own: opens the corpus through the service's open path (createBot, as src/main.ts does, on every core), with
 * DATABASE_URL (PostgreSQL) or a DATA_DIR (SQLite), and prints one JSON line: ready time, articles, peak RSS, and,
 * when asked, /who and /timeline latencies over the 200 most-mentioned names (bench/queries.ts).
 *
 *   tsx bench/store-instance.ts '{"corpusDir": "...", "databaseUrl": "postgres://..." | "dataDir": "...", "queries": true}'
 */
import { performance } from 'node:perf_hooks';
import { createBot } from '../src/app/bot.ts';
import { readPlace } from '../src/index/analysis-bytes.ts';
import type { ArticleAnalysis } from '../src/understanding/analysis-types.ts';
import { boundHeapGrowth } from '../src/util/memory.ts';
import { pickQueries, timeCommand, BENCH_INVOKER } from './queries.ts';
import { peakRssBytes, summarise } from './stats.ts';

interface InstanceJob {
  corpusDir: string;
  databaseUrl?: string;
  dataDir?: string;
  queries?: boolean;
}

async function main(): Promise<void> {
  boundHeapGrowth(); // as the service runs
  const job = JSON.parse(process.argv[2] ?? '{}') as InstanceJob;
  const t0 = performance.now();
  const bot = await createBot({
    corpusDir: job.corpusDir,
    databaseUrl: job.databaseUrl,
    dataDir: job.dataDir,
    parallel: true,
    redoStale: false,
  });
  const readyMs = performance.now() - t0;
  const result: Record<string, unknown> = {
    readyMs,
    articles: bot.engine.stats.articles,
    understood: bot.corpus?.opened.understood ?? null,
    restoredIndexes: bot.corpus?.opened.restoredIndexes ?? null,
    rssAfterLoadMb: process.memoryUsage().rss / 2 ** 20,
  };
  if (job.queries) {
    const entries = bot.engine.entries().map(({ article, analysis }) => ({
      article,
      analysis: analysis && (JSON.parse(readPlace(analysis).toString('utf8')) as ArticleAnalysis),
    }));
    const { entities } = pickQueries(entries);
    const run = (name: string, args: Record<string, string>) => bot.run(name, args, BENCH_INVOKER);
    const who = await timeCommand(
      run,
      'who',
      entities.map((name) => ({ name })),
    );
    const timeline = await timeCommand(
      run,
      'timeline',
      entities.map((topic) => ({ topic })),
    );
    Object.assign(result, { who: summarise(who), timeline: summarise(timeline) });
  }
  result.peakRssMb = peakRssBytes() / 2 ** 20;
  await bot.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

await main();
