/**
 * A pool of worker threads that analyses articles on every core.
 *
 * Each worker imports the per-article function (analyzeArticle by default) and receives batches of
 * { id, body, date }; the analyses it returns are plain data (ArticleAnalysis), so they cross threads by
 * structured clone. Batches are handed out one at a time, so a core that finishes early takes the next one.
 *
 * Under tsx (`tsx bench/run.ts`, `tsx src/main.ts`) and under vitest the main thread understands TypeScript but a
 * worker does not: on Node 20 a worker neither inherits tsx's loader nor honours `execArgv: ['--import', 'tsx']`
 * for its entry module. So the worker starts from a tiny JavaScript bootstrap (a data: URL) that registers tsx's
 * ESM loader through `tsx/esm/api` (resolved to an absolute URL here, as a data: URL cannot resolve package
 * names), then imports the .ts module.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Article } from '../corpus/types.ts';
import type { ArticleAnalysis } from './analysis-types.ts';

export type ArticleInput = Pick<Article, 'id' | 'body' | 'date'>;

export interface ParallelAnalyzerOptions {
  /** Worker threads; default one per core. */
  workers?: number;
  /** Articles per message: enough to amortise messaging, few enough to keep both cores busy to the end. Default 32. */
  batchSize?: number;
  /** Fewer articles than this are analysed in the calling thread: starting threads costs more (one new article). Default 64. */
  inlineBelow?: number;
  /** Module holding the per-article function, and its export name. Default: analyze-article.ts, analyzeArticle. */
  module?: string | URL;
  exportName?: string;
  /** Threads with no work left stop after this many milliseconds (started again by the next large batch). Default 1,000. */
  idleStopMs?: number;
  /**
   * Without it, an article that cannot be analysed fails the whole call (as the inline analyser does). With it,
   * that article is left out of the results and reported here, and the rest are analysed: one bad story in a
   * 200,000-article corpus need not stop the bot from starting.
   */
  onFailure?: (failure: AnalysisFailure) => void;
}

export interface AnalysisFailure {
  articleId: string;
  message: string;
}

export interface ParallelAnalyzer {
  /** Analyses articles on every core; results in input order. Throws, as the inline analyser would, when an article cannot be analysed. */
  analyze(articles: ArticleInput[]): Promise<ArticleAnalysis[]>;
  /** Threads running now, counting those still starting (0 before the first large batch and after close). */
  readonly running: number;
  /** Stops the threads; a later analyze() starts them again. */
  close(): Promise<void>;
}

type AnalyzeOne = (article: ArticleInput) => ArticleAnalysis;

interface Job {
  articles: ArticleInput[];
  goOn: boolean;
  resolve: (result: { analyses: ArticleAnalysis[]; failures: AnalysisFailure[] }) => void;
  reject: (err: Error) => void;
}

type WorkerReply = { ready: true } | { analyses: ArticleAnalysis[]; failures: AnalysisFailure[] };

// analyze-article.js once compiled (dist/, see scripts/build.mjs), analyze-article.ts when run through tsx.
const DEFAULT_MODULE = new URL(
  import.meta.url.endsWith('.ts') ? './analyze-article.ts' : './analyze-article.js',
  import.meta.url,
);
const WORKER_YOUNG_GENERATION_MB = 6;

export function createParallelAnalyzer(options: ParallelAnalyzerOptions = {}): ParallelAnalyzer {
  const threads = Math.max(1, options.workers ?? os.availableParallelism());
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const inlineBelow = options.inlineBelow ?? 64;
  const moduleUrl = toUrl(options.module ?? DEFAULT_MODULE);
  const exportName = options.exportName ?? 'analyzeArticle';
  const pool = new WorkerPool(threads, moduleUrl, exportName, options.idleStopMs ?? 1000);
  let inline: Promise<AnalyzeOne> | null = null;
  /** Failures fail the call unless the caller takes them. */
  const settle = (analyses: ArticleAnalysis[], failures: AnalysisFailure[]): ArticleAnalysis[] => {
    if (failures.length && !options.onFailure)
      throw new Error(`analysing article ${failures[0].articleId}: ${failures[0].message}`);
    failures.forEach((f) => options.onFailure!(f));
    return analyses;
  };

  return {
    async analyze(articles) {
      if (articles.length < inlineBelow) {
        inline ??= importFunction(moduleUrl, exportName);
        const analyzeOne = await inline;
        const out = analyzeAll(analyzeOne, articles.map(slim), Boolean(options.onFailure));
        return settle(out.analyses, out.failures);
      }
      const batches: ArticleInput[][] = [];
      for (let i = 0; i < articles.length; i += batchSize) batches.push(articles.slice(i, i + batchSize).map(slim));
      const results = await Promise.all(batches.map((b) => pool.run(b, Boolean(options.onFailure))));
      return settle(
        results.flatMap((r) => r.analyses),
        results.flatMap((r) => r.failures),
      );
    },
    get running() {
      return pool.size + pool.startingNow;
    },
    close: () => pool.close(),
  };
}

/** A pool of threads running one exported function of a module on inputs that carry an id. */
export interface WorkerRunner<I extends { id: string }, O> {
  /** Runs the function on each input in a thread; an input it throws on is reported as a failure, the rest go on. */
  run(inputs: I[]): Promise<{ results: O[]; failures: AnalysisFailure[] }>;
  /** Starts the threads now, so that the first job does not wait for them to load. */
  warm(): void;
  close(): Promise<void>;
}

/**
 * Runs a module's function off the main thread, in threads of its own (the analyser's pool, for other jobs: reading
 * and understanding one file that arrived while running). Inputs and results cross by structured clone; ArrayBuffers
 * a result lists in its own `transfer` field are moved instead (no copy, nothing to rebuild on the main thread).
 */
export function createWorkerRunner<I extends { id: string }, O>(options: {
  module: string | URL;
  exportName: string;
  workers?: number;
  idleStopMs?: number;
}): WorkerRunner<I, O> {
  const pool = new WorkerPool(
    Math.max(1, options.workers ?? os.availableParallelism()),
    toUrl(options.module),
    options.exportName,
    options.idleStopMs ?? 1000,
  );
  return {
    async run(inputs) {
      const { analyses, failures } = await pool.run(inputs as unknown as ArticleInput[], true);
      return { results: analyses as unknown as O[], failures };
    },
    warm: () => pool.warm(),
    close: () => pool.close(),
  };
}

/** Analyses each article; stops at the first failure unless asked to go on. (The worker bootstrap does the same.) */
function analyzeAll(
  analyzeOne: AnalyzeOne,
  articles: ArticleInput[],
  goOn: boolean,
): { analyses: ArticleAnalysis[]; failures: AnalysisFailure[] } {
  const analyses: ArticleAnalysis[] = [];
  const failures: AnalysisFailure[] = [];
  for (const article of articles) {
    try {
      analyses.push(analyzeOne(article));
    } catch (err) {
      failures.push({ articleId: article.id, message: String((err as Error)?.message ?? err).slice(0, 300) });
      if (!goOn) break;
    }
  }
  return { analyses, failures };
}

/** Only what the analyser reads crosses the thread boundary. */
function slim(a: ArticleInput): ArticleInput {
  return { id: a.id, body: a.body, date: a.date };
}

function toUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  return /^[a-z]+:/i.test(module) ? module : pathToFileURL(path.resolve(module)).href;
}

async function importFunction(moduleUrl: string, exportName: string): Promise<AnalyzeOne> {
  const fn = (await import(moduleUrl))[exportName];
  if (typeof fn !== 'function') throw new Error(`${moduleUrl} has no function export “${exportName}”`);
  return fn as AnalyzeOne;
}

class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private starting = 0;
  /** Every thread started and not yet stopped, loading or not. */
  private readonly spawned = new Set<Worker>();
  private idleStop: NodeJS.Timeout | null = null;

  constructor(
    private readonly threads: number,
    private readonly moduleUrl: string,
    private readonly exportName: string,
    private readonly idleStopMs: number,
  ) {}

  get size(): number {
    return this.idle.length + this.busy.size;
  }

  /** Threads started and still loading their module. */
  get startingNow(): number {
    return this.starting;
  }

  run(articles: ArticleInput[], goOn: boolean): Promise<{ analyses: ArticleAnalysis[]; failures: AnalysisFailure[] }> {
    if (this.idleStop) clearTimeout(this.idleStop);
    this.idleStop = null;
    return new Promise((resolve, reject) => {
      this.queue.push({ articles, goOn, resolve, reject });
      this.grow();
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    // Threads still loading their module are stopped too (they would otherwise join the idle list after the close).
    const all = [...this.spawned];
    this.spawned.clear();
    this.starting = 0;
    if (this.idleStop) clearTimeout(this.idleStop);
    this.idleStop = null;
    this.idle.length = 0;
    for (const [, job] of this.busy) job.reject(new Error('analyser closed'));
    this.busy.clear();
    for (const job of this.queue.splice(0)) job.reject(new Error('analyser closed'));
    await Promise.all(all.map((w) => w.terminate()));
  }

  /** Starts every thread now (they load their module, then wait for work). */
  warm(): void {
    while (this.size + this.starting < this.threads) {
      this.starting++;
      this.spawn();
    }
  }

  /** Starts threads up to the limit while there is queued work. */
  private grow(): void {
    while (this.size + this.starting < this.threads && this.queue.length > this.starting) {
      this.starting++;
      this.spawn();
    }
  }

  private spawn(): void {
    const worker = new Worker(new URL(bootstrapUrl()), {
      workerData: { module: this.moduleUrl, exportName: this.exportName, tsxApi: tsxApiUrl(this.moduleUrl) },
      // Analysis makes short-lived objects by the million and keeps little (the model, bounded word caches): a small
      // young generation collects them as often, and holds a fraction of the default's memory per thread.
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    this.spawned.add(worker);
    let ready = false;
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      this.fail(worker, err, ready);
    };
    worker.on('message', (reply: WorkerReply) => {
      if (!this.spawned.has(worker)) return; // stopped by close()
      if ('ready' in reply) {
        ready = true;
        this.starting--;
        this.release(worker);
        return;
      }
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      job?.resolve(reply);
      this.release(worker);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.busy.has(worker) || !ready) fail(new Error(`analysis thread exited (code ${code})`));
      else if (this.spawned.delete(worker)) {
        const at = this.idle.indexOf(worker);
        if (at >= 0) this.idle.splice(at, 1);
      }
    });
  }

  /** A thread that fails takes its own batch down (or, before it is ready, all waiting work: the module does not load). */
  private fail(worker: Worker, err: Error, ready: boolean): void {
    // A thread stopped by close() is no longer counted anywhere.
    if (!this.spawned.delete(worker)) return;
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    job?.reject(err);
    if (!ready) {
      this.starting = Math.max(0, this.starting - 1);
      if (this.size + this.starting === 0) for (const j of this.queue.splice(0)) j.reject(err);
    }
    void worker.terminate();
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    this.dispatch();
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.ref();
      worker.postMessage({ articles: job.articles, goOn: job.goOn });
    }
    // Idle threads must not keep the process alive.
    for (const w of this.idle) w.unref();
    if (this.idle.length && !this.busy.size && !this.queue.length && !this.starting) this.stopWhenIdle();
  }

  /**
   * Threads left with no work stop after a moment: they hold hundreds of megabytes once a large corpus has been read,
   * and a long-running bot reads new articles a few at a time (in its own thread). The next large batch starts them again.
   */
  private stopWhenIdle(): void {
    this.idleStop ??= setTimeout(() => {
      this.idleStop = null;
      if (this.busy.size || this.queue.length || this.starting) return;
      const stopping = this.idle.splice(0);
      for (const w of stopping) this.spawned.delete(w);
      void Promise.all(stopping.map((w) => w.terminate()));
    }, this.idleStopMs).unref();
  }
}

/** tsx's ESM loader API as an absolute URL, when the module is TypeScript. */
function tsxApiUrl(moduleUrl: string): string | null {
  if (!/\.[cm]?tsx?$/.test(new URL(moduleUrl).pathname)) return null;
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = require(manifestPath) as { exports: Record<string, { import?: { default?: string } }> };
  const entry = manifest.exports['./esm/api']?.import?.default;
  if (!entry) throw new Error('tsx has no ESM loader API (tsx/esm/api): cannot run TypeScript in worker threads');
  return pathToFileURL(path.join(path.dirname(manifestPath), entry)).href;
}

const BOOTSTRAP = `
import { parentPort, workerData } from 'node:worker_threads';
if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
const analyzeOne = (await import(workerData.module))[workerData.exportName];
if (typeof analyzeOne !== 'function') throw new Error('no function export ' + workerData.exportName);
parentPort.on('message', async ({ articles, goOn }) => {
  const analyses = [];
  const failures = [];
  for (const article of articles) {
    try {
      // Awaited: a job may be asynchronous (reading a file); an analysis is not, and costs a microtask.
      analyses.push(await analyzeOne(article));
    } catch (err) {
      failures.push({ articleId: article.id, message: String((err && err.message) || err).slice(0, 300) });
      if (!goOn) break;
    }
  }
  // A result may name ArrayBuffers of its own to move rather than copy (see WorkerRunner).
  parentPort.postMessage({ analyses, failures }, analyses.flatMap((a) => (a && Array.isArray(a.transfer) ? a.transfer : [])));
});
parentPort.postMessage({ ready: true });
`;

function bootstrapUrl(): string {
  return `data:text/javascript,${encodeURIComponent(BOOTSTRAP)}`;
}
