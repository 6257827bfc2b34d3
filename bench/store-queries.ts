/**
 * The commands' latencies on a ready article store, as the service answers once ready (no cold load first):
 *   npx tsx bench/store-queries.ts --data-dir bench-results/work/200k/store --corpus bench-results/corpora/derived-200k
 * The same 200 queries per command as `npm run bench` (bench/queries.ts: the most-mentioned names, headline
 * keywords), through bot.run. At 200k a cold load takes ten minutes; this measures /who, /timeline, /search and
 * /brief in one.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createBot } from '../src/app/bot.ts';
import type { CorpusEngine } from '../src/index/engine.ts';
import { parsedEntries, pickQueries, runQueries } from './queries.ts';
import { round } from './stats.ts';

const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const dataDir = argument('--data-dir');
const corpusDir = argument('--corpus');
if (!dataDir || !corpusDir) {
  console.error('usage: npx tsx bench/store-queries.ts --data-dir DIR --corpus DIR');
  process.exit(2);
}
const t0 = performance.now();
const bot = await createBot({ corpusDir, dataDir, parallel: true, warmUp: true });
const openMs = performance.now() - t0;
await bot.engine.warmUp();
const queries = pickQueries(parsedEntries(bot.engine as CorpusEngine));
const latency = await runQueries(bot, queries);
console.log(
  JSON.stringify(
    {
      articles: bot.engine.stats.articles,
      openMs: round(openMs),
      latency,
      loadAverage: os.loadavg().map((n) => round(n)),
    },
    null,
    2,
  ),
);
await bot.close();
process.exit(0);
