/**
 * One corpus, measured in a process of its own (so that peak memory and the restart are its own):
 *   tsx bench/size.ts JOB.json
 * JOB.json: { corpusDir, snapshotFile, mode: 'cold' | 'snapshot', queriesFile, resultFile }.
 * cold: load, group near-duplicates, understand on every core, first answer, save a snapshot, run the queries
 * (written to queriesFile for the restart), add one new article and ask about it.
 * snapshot: restore from the snapshot, first answer, and the /who answers again to compare with the cold run.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createBot } from '../src/app/bot.ts';
import { groupNearDuplicates } from '../src/corpus/dedupe.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import type { Article } from '../src/corpus/types.ts';
import { CorpusEngine } from '../src/index/engine.ts';
import { openCorpus, saveSnapshot, snapshotKey } from '../src/index/snapshot.ts';
import type { ArticleAnalysis } from '../src/understanding/analysis-types.ts';
import { createParallelAnalyzer } from '../src/understanding/parallel.ts';
import { boundHeapGrowth } from '../src/util/memory.ts';
import { parsedEntries, pickQueries, runQueries, type QuerySet, BENCH_INVOKER } from './queries.ts';
import { peakRssBytes, round, type LatencySummary } from './stats.ts';

export interface Job {
  corpusDir: string;
  snapshotFile: string;
  mode: 'cold' | 'snapshot';
  queriesFile: string;
  resultFile: string;
}

export interface SizeResult {
  mode: 'cold' | 'snapshot';
  articles: number;
  canonical: number;
  loadMs: number;
  groupMs: number;
  /** Load + group + understand + index: the "loaded and understood" wall time. */
  loadUnderstandMs: number;
  analysisMs: number;
  articlesPerSecond: number;
  tokensPerSecond: number;
  tokens: number;
  workers: number;
  readyMs: number;
  /** Where the time to ready went, in ms. */
  phases: Record<string, number>;
  snapshotFrom?: string;
  snapshotReason?: string;
  snapshotBytes?: number;
  snapshotSaveMs?: number;
  latency?: Record<'who' | 'timeline' | 'search' | 'brief', LatencySummary>;
  /** Longest the event loop was blocked while answering: how long a platform acknowledgement could be held up. */
  eventLoopMaxMs?: number;
  newArticleMs?: number;
  newArticleFound?: boolean;
  whoAnswersDigest: string;
  peakRssBytes: number;
  /** Articles the analyser could not read (left out and counted, not fatal), with the first few ids and reasons. */
  analysisFailures?: number;
  failureSamples?: string[];
}

/** A story of our own writing, with names found in no corpus: answerable only if the new article was indexed. */
const NEW_ARTICLE_BODY =
  'OSLO, May 4 - Ottilie Brandvold, the chief executive of Fjordline Cargo, said on Tuesday that the company would open a terminal in Tromso next year. "We are ready to grow," Brandvold said.';

async function main(): Promise<void> {
  // As the bot runs (src/main.ts): memory is measured under the same collector settings.
  boundHeapGrowth();
  const job = JSON.parse(await fs.readFile(process.argv[2], 'utf8')) as Job;
  const result = job.mode === 'cold' ? await cold(job) : await restart(job);
  await fs.writeFile(job.resultFile, JSON.stringify(result, null, 2));
  process.exit(0);
}

function timedAnalyzer() {
  const totals = {
    ms: 0,
    articles: 0,
    tokens: 0,
    firstName: null as string | null,
    failures: 0,
    failureSamples: [] as string[],
  };
  const pool = createParallelAnalyzer({
    onFailure: ({ articleId, message }) => {
      if (totals.failures++ < 5) totals.failureSamples.push(`${articleId}: ${message}`);
    },
  });
  // The engine queues its chunks at once: count the time any of them was running, not their sum.
  let busyUntil = 0;
  const analyze = async (articles: Article[]): Promise<ArticleAnalysis[]> => {
    const start = performance.now();
    const out = await pool.analyze(articles);
    const end = performance.now();
    totals.ms += Math.max(0, end - Math.max(start, busyUntil));
    busyUntil = Math.max(busyUntil, end);
    totals.articles += out.length;
    for (const a of out) {
      totals.tokens += a.tokens;
      totals.firstName ??= a.entities.find((e) => e.type === 'person')?.name ?? null;
    }
    return out;
  };
  return { pool, totals, analyze };
}

async function cold(job: Job): Promise<SizeResult> {
  const { pool, totals, analyze } = timedAnalyzer();
  const t0 = performance.now();
  const { articles } = await loadCorpus(job.corpusDir);
  const loaded = performance.now();
  groupNearDuplicates(articles);
  const grouped = performance.now();
  const engine = new CorpusEngine(analyze);
  await engine.addArticles(articles);
  const understood = performance.now();
  // Read now: the pool stops its threads once they are idle (see parallel.ts), as it does in the bot.
  const workers = pool.running;
  const bot = await createBot({ engine });
  const botMade = performance.now();
  await bot.run('who', { name: totals.firstName ?? 'Reuters' }, BENCH_INVOKER);
  const ready = performance.now();
  const phases = {
    load: loaded - t0,
    group: grouped - loaded,
    understandAndIndex: understood - grouped,
    createBot: botMade - understood,
    firstAnswer: ready - botMade,
  };

  const saveStart = performance.now();
  const saved = await saveSnapshot(job.snapshotFile, engine, await snapshotKey(job.corpusDir));
  const saveMs = performance.now() - saveStart;

  const queries = pickQueries(parsedEntries(engine));
  await fs.writeFile(job.queriesFile, JSON.stringify(queries));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const latency = await runQueries(bot, queries);
  const whoAnswersDigest = await whoDigest(bot, queries);
  const added = await addOneArticle(engine, bot, articles);
  loop.disable();
  await pool.close();
  return {
    mode: 'cold',
    articles: articles.length,
    canonical: articles.filter((a) => a.groupId === a.id).length,
    loadMs: round(loaded - t0),
    groupMs: round(grouped - loaded),
    loadUnderstandMs: round(understood - t0),
    analysisMs: round(totals.ms),
    articlesPerSecond: round(totals.articles / (totals.ms / 1000)),
    tokensPerSecond: round(totals.tokens / (totals.ms / 1000)),
    tokens: totals.tokens,
    workers,
    readyMs: round(ready - t0),
    phases: roundAll(phases),
    snapshotBytes: saved.bytes,
    snapshotSaveMs: round(saveMs),
    latency,
    eventLoopMaxMs: round(loop.max / 1e6),
    ...added,
    whoAnswersDigest,
    peakRssBytes: peakRssBytes(),
    analysisFailures: totals.failures,
    failureSamples: totals.failureSamples,
  };
}

async function restart(job: Job): Promise<SizeResult> {
  const { pool, analyze } = timedAnalyzer();
  const queries = JSON.parse(await fs.readFile(job.queriesFile, 'utf8')) as QuerySet;
  const t0 = performance.now();
  const engine = new CorpusEngine(analyze);
  await snapshotKey(job.corpusDir);
  const keyed = performance.now();
  const opened = await openCorpus({
    corpusDir: job.corpusDir,
    snapshotFile: job.snapshotFile,
    engine,
    loadArticles: loadAndGroup,
  });
  const restored = performance.now();
  const bot = await createBot({ engine });
  const botMade = performance.now();
  await bot.run('who', { name: queries.entities[0] ?? 'Reuters' }, BENCH_INVOKER);
  const ready = performance.now();
  const phases = {
    snapshotKey: keyed - t0,
    readAndRestore: restored - keyed,
    createBot: botMade - restored,
    firstAnswer: ready - botMade,
  };
  await pool.close();
  const stats = engine.stats;
  return {
    mode: 'snapshot',
    articles: stats.articles,
    canonical: engine.entries().filter((e) => e.counts).length,
    loadMs: 0,
    groupMs: 0,
    loadUnderstandMs: 0,
    analysisMs: 0,
    articlesPerSecond: 0,
    tokensPerSecond: 0,
    tokens: 0,
    workers: 0,
    readyMs: round(ready - t0),
    phases: roundAll(phases),
    snapshotFrom: opened.from,
    ...(opened.reason ? { snapshotReason: opened.reason } : {}),
    ...(opened.snapshotBytes ? { snapshotBytes: opened.snapshotBytes } : {}),
    whoAnswersDigest: await whoDigest(bot, queries),
    peakRssBytes: peakRssBytes(),
  };
}

function roundAll(phases: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v)]));
}

async function loadAndGroup(dir: string): Promise<Article[]> {
  const { articles } = await loadCorpus(dir);
  groupNearDuplicates(articles);
  return articles;
}

type Bot = Awaited<ReturnType<typeof createBot>>;

/** One new article into the running corpus, then /who about its new name: the time until it is answerable. */
async function addOneArticle(
  engine: CorpusEngine,
  bot: Bot,
  articles: Article[],
): Promise<{ newArticleMs: number; newArticleFound: boolean }> {
  const newest = articles.reduce((max, a) => (a.date && a.date > max ? a.date : max), '1970-01-01');
  const article: Article = {
    id: 'bench-new-article',
    title: 'Fjordline Cargo to open Tromso terminal',
    body: NEW_ARTICLE_BODY,
    date: newest,
    source: 'bench',
    url: null,
    words: NEW_ARTICLE_BODY.split(/\s+/).length,
    path: 'bench/new-article.txt',
    contentHash: createHash('sha1').update(NEW_ARTICLE_BODY).digest('hex'),
    groupId: 'bench-new-article',
  };
  const start = performance.now();
  await engine.addArticles([article]);
  const answer = await bot.run('who', { name: 'Ottilie Brandvold' }, BENCH_INVOKER);
  const ms = performance.now() - start;
  const entity = (answer.data as { entity?: { articles?: { id: string }[] } | null }).entity;
  return { newArticleMs: round(ms), newArticleFound: Boolean(entity?.articles?.some((a) => a.id === article.id)) };
}

/** A digest of the /who answers for the first 20 entities: equal digests mean the restart answers as the cold start did. */
async function whoDigest(bot: Bot, queries: QuerySet): Promise<string> {
  const hash = createHash('sha1');
  for (const name of queries.entities.slice(0, 20)) {
    // One request per turn of the event loop, as in runQueries: the event-loop figure is the longest single request.
    await new Promise((resolve) => setImmediate(resolve));
    hash.update(JSON.stringify((await bot.run('who', { name }, BENCH_INVOKER)).data));
  }
  return hash.digest('hex').slice(0, 12);
}

await main();
