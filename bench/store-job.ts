/**
 * One run of the bot on the article store, in a process of its own (bench/store.ts starts it):
 *   tsx bench/store-job.ts JOB.json
 * JOB.json: { corpusDir, dataDir, resultFile, live }. Opens the corpus as `npm start` does (createBot with DATA_DIR,
 * analysis on every core), answers a first /who; with live, then watches the folder as the service does and times
 * an article added, then deleted, until the answers show it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createBot } from '../src/app/bot.ts';
import type { OpenedCorpus } from '../src/index/open-corpus.ts';
import { CorpusIngestor, watchCorpus } from '../src/scheduler/corpus-watch.ts';
import { openSqliteStore } from '../src/store/index.ts';
import { boundHeapGrowth } from '../src/util/memory.ts';
import { peakRssBytes, round } from './stats.ts';
import { BENCH_INVOKER } from './queries.ts';

export interface StoreJob {
  corpusDir: string;
  dataDir: string;
  resultFile: string;
  live: boolean;
}

export interface StoreJobResult {
  readyMs: number;
  opened: Omit<OpenedCorpus, 'stale'> & { stale: number };
  articles: number;
  /** Written to the store and answered (/who finds its new name), and deleted and gone from the answers, in ms. */
  liveAddMs?: number;
  liveDeleteMs?: number;
  /**
   * The longest the event loop was held (perf_hooks monitorEventLoopDelay, max) from the file's write until the
   * answers show it and the engine has settled its background work, and the same for its deletion, in ms.
   */
  liveAddBlockMs?: number;
  liveDeleteBlockMs?: number;
  /** The longest event-loop block while closing after the live changes: the index state is saved then (O(corpus)). */
  indexSaveBlockMs?: number;
  /** When the add and the delete began and settled, in µs of the monotonic clock a --cpu-prof profile uses. */
  liveWindowsUs?: { add: [number, number]; delete: [number, number] };
  peakRssBytes: number;
}

const LIVE_STORY =
  'Fjordline Cargo to open Tromso terminal\n\nOSLO, May 4 - Ottilie Brandvold, the chief executive of Fjordline Cargo, said on Tuesday that the company would open a terminal in Tromso next year.';

async function main(): Promise<void> {
  boundHeapGrowth();
  const job = JSON.parse(await fs.readFile(process.argv[2], 'utf8')) as StoreJob;
  const t0 = performance.now();
  const bot = await createBot({ corpusDir: job.corpusDir, dataDir: job.dataDir, parallel: true });
  await bot.run('who', { name: 'Reuters' }, BENCH_INVOKER);
  const readyMs = performance.now() - t0;
  const corpus = bot.corpus!;
  const result: StoreJobResult = {
    readyMs: round(readyMs),
    opened: { ...corpus.opened, stale: corpus.opened.stale.length },
    articles: bot.engine.stats.articles,
    peakRssBytes: 0,
  };
  if (job.live) Object.assign(result, await live(bot, job.corpusDir));
  // With live changes, closing saves the index state (as the service does 30 s after the last change): its block too.
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await bot.close();
  delay.disable();
  if (job.live) result.indexSaveBlockMs = round(delay.max / 1e6);
  result.peakRssBytes = peakRssBytes();
  await fs.writeFile(job.resultFile, JSON.stringify(result, null, 2));
  process.exit(0);
}

type LiveFigures = Pick<
  Required<StoreJobResult>,
  'liveAddMs' | 'liveDeleteMs' | 'liveAddBlockMs' | 'liveDeleteBlockMs' | 'liveWindowsUs'
>;
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function live(bot: Awaited<ReturnType<typeof createBot>>, corpusDir: string): Promise<LiveFigures> {
  const seen = openSqliteStore({ file: ':memory:' });
  const quiet = { info: () => undefined, warn: () => undefined };
  const ingestor = new CorpusIngestor({
    engine: bot.engine,
    seen: seen.articles,
    corpusDir,
    loadFile: async () => ({ articles: [], warnings: [] }),
    now: Date.now,
    onNewArticles: async () => undefined,
    logger: quiet,
    corpus: bot.corpus!,
  });
  const watcher = await watchCorpus(ingestor, corpusDir);
  const file = path.join(corpusDir, 'bench-live-article.txt');
  const found = async () => Boolean((await bot.run('who', { name: 'Ottilie Brandvold' }, BENCH_INVOKER)).data.entity);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  // The longest block since the last call, in ms (the histogram is in ns).
  const longestBlock = () => {
    const ms = delay.max / 1e6;
    delay.reset();
    return round(ms);
  };
  try {
    // Answers built on first use (orders, tables, the search index loaded) are built before, not counted as the change's.
    await bot.run('sources', {}, BENCH_INVOKER);
    await bot.run('search', { query: 'terminal' }, BENCH_INVOKER);
    await settled(bot);
    delay.enable();
    const addFrom = nowUs();
    const added = performance.now();
    await fs.writeFile(file, LIVE_STORY);
    while (!(await found())) await new Promise((resolve) => setTimeout(resolve, 20));
    const liveAddMs = performance.now() - added;
    await settled(bot);
    const liveAddBlockMs = longestBlock();
    const addTo = nowUs();
    const deleted = performance.now();
    await fs.rm(file);
    while (await found()) await new Promise((resolve) => setTimeout(resolve, 20));
    const liveDeleteMs = performance.now() - deleted;
    await settled(bot);
    const liveDeleteBlockMs = longestBlock();
    const liveWindowsUs: LiveFigures['liveWindowsUs'] = { add: [addFrom, addTo], delete: [addTo, nowUs()] };
    return {
      liveAddMs: round(liveAddMs),
      liveDeleteMs: round(liveDeleteMs),
      liveAddBlockMs,
      liveDeleteBlockMs,
      liveWindowsUs,
    };
  } finally {
    delay.disable();
    await fs.rm(file, { force: true });
    await watcher.close();
    await ingestor.idle();
    seen.close();
  }
}

/**
 * Waits for what the engine does in the background after a change, and brings up to date what the next answer
 * would (the entity table): a small answer, so that the block measured is the change's, not a large answer's.
 */
async function settled(bot: Awaited<ReturnType<typeof createBot>>): Promise<void> {
  await bot.engine.settled();
  await bot.run('who', { name: 'Ottilie Brandvold' }, BENCH_INVOKER);
}

await main();
