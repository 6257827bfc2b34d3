/**
 * `npm run bench:charts`: /trend (series, Vega-Lite to SVG, resvg to PNG) and status page render times on the bench
 * corpora (issue 17). The corpora are the ones `npm run bench` writes (1k/10k/21k made here if absent; 200k only
 * used if there).
 *
 *   npm run bench:charts                                   # sample, 1k, 10k
 *   npm run bench:charts -- --sizes 21k,200k               # only some
 *   npm run bench:charts -- --sizes 200k --data-dir bench-results/work/200k/store
 *
 * --data-dir opens a ready article store (as the service does, src/app/store-backed.ts) instead of reading the
 * corpus cold: point it at the store `npm run bench -- --sizes 200k --store-only` leaves. With several sizes it is
 * used for each (so give one size with it).
 *
 * Each /trend query is two of the most-mentioned names of the corpus, run as chat runs it (bot.run, then the chart
 * drawn in the chart thread), each pair once: the chart cache never answers. The split times draw the same series
 * again through each stage alone, in this thread. The event-loop block is the longest the main thread was held
 * while the /trend answers ran (perf_hooks.monitorEventLoopDelay). Figures go to bench-results/charts.json.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { createBot } from '../src/app/bot.ts';
import { closeChartThread, warmChartThread } from '../src/charts/chart-thread.ts';
import { svgToPng } from '../src/charts/rasterize.ts';
import { TREND_SIZE, trendRows, trendSpec } from '../src/charts/trend-chart.ts';
import { trendChartInput } from '../src/charts/trend-input.ts';
import { vegaLiteToSvg } from '../src/charts/vega-svg.ts';
import { trendSeries } from '../src/index/trend-series.ts';
import { corpusStatus } from '../src/status/corpus-status.ts';
import { recentErrors } from '../src/status/recent-errors.ts';
import { renderStatusPage } from '../src/status/render-page.ts';
import { readReuters, writeJsonlCorpus } from './reuters.ts';
import { round, summarise } from './stats.ts';
import { BENCH_INVOKER } from './queries.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const OUT = path.join(REPO, 'bench-results');
const REUTERS_DIR = process.env.BENCH_REUTERS_DIR ?? path.resolve(REPO, '../shared/datasets/reuters21578');
const TREND_QUERIES = 40;
const STATUS_RENDERS = 50;
/** Stories of each size; sample is corpus/, 200k is the derived corpus `npm run bench` writes (never made here). */
const SIZES: Record<string, number | null> = {
  sample: null,
  '1k': 1000,
  '10k': 10_000,
  '21k': 21_578,
  '200k': 200_000,
};
const FOLDERS: Record<string, string> = {
  '1k': 'reuters-1k',
  '10k': 'reuters-10k',
  '21k': 'reuters-21k',
  '200k': 'derived-200k',
};

async function corpusDir(name: string): Promise<string | null> {
  const n = SIZES[name];
  if (n === null) return path.join(REPO, 'corpus');
  const dir = path.join(OUT, 'corpora', FOLDERS[name]);
  if (
    await fs.stat(dir).then(
      () => true,
      () => false,
    )
  )
    return dir;
  if (name === '200k') return null; // `npm run bench -- --sizes 200k` writes it
  const stories = await readReuters(REUTERS_DIR);
  if (!stories) return null;
  await writeJsonlCorpus(stories.slice(0, n), dir);
  return dir;
}

/** Two of the most-mentioned entities per query, from the engine's entity table (no analysis is read again). */
function trendPairs(bot: Awaited<ReturnType<typeof createBot>>): string[][] {
  const names = [...bot.engine.entities().byRoot.values()]
    .sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name))
    .slice(0, TREND_QUERIES + 1)
    .map((r) => r.name);
  return names.slice(0, TREND_QUERIES).map((n, i) => [n, names[i + 1] ?? n]);
}

async function measure(name: string, dir: string, dataDir: string | null) {
  const openStart = performance.now();
  const bot = await createBot({ corpusDir: dir, parallel: true, ...(dataDir ? { dataDir, redoStale: false } : {}) });
  const openMs = performance.now() - openStart;
  const pairs = trendPairs(bot);
  // The service's chart thread is started once and kept; its start is not a chart's time.
  warmChartThread();
  await bot.run('trend', { names: pairs[0].join(', ') }, BENCH_INVOKER).then((r) => r.briefing.image?.render());
  const total: number[] = [];
  const seriesMs = { wall: [] as number[], cpu: [] as number[] };
  const vegaMs = { wall: [] as number[], cpu: [] as number[] };
  const resvgMs = { wall: [] as number[], cpu: [] as number[] };
  let largest = { bytes: 0, width: 0, height: 0 };
  let loopHeldMs = 0;
  for (const pair of pairs) {
    await new Promise((resolve) => setImmediate(resolve));
    // A histogram of its own per answer (one re-enabled would charge it the stages drawn below, in this thread), and
    // a timer's turn before it stops, so that a block at the end of the answer is counted too.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const start = performance.now();
    const result = await bot.run('trend', { names: pair.join(', ') }, BENCH_INVOKER);
    const png = await result.briefing.image?.render();
    total.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 10));
    loop.disable();
    loopHeldMs = Math.max(loopHeldMs, loop.max / 1e6);
    if (png && png.length > largest.bytes) {
      const { width, height } = PNG.sync.read(png);
      largest = { bytes: png.length, width, height };
    }
    // The same answer's stages alone, in this thread (the chart thread idle): wall time, and CPU time, which a
    // machine busy with other work inflates less.
    const t0 = clock();
    const series = trendSeries(bot.engine, pair);
    const t1 = clock();
    const input = trendChartInput(series);
    const svg = await vegaLiteToSvg(trendSpec(input), trendRows(input));
    const t2 = clock();
    svgToPng(svg, TREND_SIZE.scale);
    const t3 = clock();
    for (const [into, from, to] of [
      [seriesMs, t0, t1],
      [vegaMs, t1, t2],
      [resvgMs, t2, t3],
    ] as const) {
      into.wall.push(to.wall - from.wall);
      into.cpu.push(to.cpu - from.cpu);
    }
  }
  const status = corpusStatus(bot.engine);
  const statusMs: number[] = [];
  for (let i = 0; i < STATUS_RENDERS; i++) {
    const start = performance.now();
    renderStatusPage({
      corpus: status,
      progress: () => ({ state: 'ready', articles: bot.engine.stats.articles }),
      recentErrors,
    });
    statusMs.push(performance.now() - start);
  }
  await bot.close();
  return {
    corpus: name,
    articles: bot.engine.stats.articles,
    opened: dataDir ? `article store ${path.relative(REPO, dataDir) || dataDir}` : 'cold load',
    openMs: Math.round(openMs),
    trend: summarise(total),
    eventLoopBlockMaxMs: round(loopHeldMs),
    stages: Object.fromEntries(
      Object.entries({ series: seriesMs, vegaSvg: vegaMs, resvgPng: resvgMs }).map(([k, v]) => [
        k,
        { wall: summarise(v.wall), cpu: summarise(v.cpu) },
      ]),
    ) as Record<'series' | 'vegaSvg' | 'resvgPng', { wall: Stats; cpu: Stats }>,
    loadAverage: os.loadavg().map((n) => round(n)),
    largestPng: largest,
    statusFirstMs: round(statusMs[0]),
    status: summarise(statusMs.slice(1)),
  };
}

type Stats = ReturnType<typeof summarise>;

/** Wall and CPU milliseconds now (CPU of the whole process: this thread's, as the chart thread is idle then). */
function clock(): { wall: number; cpu: number } {
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1000 };
}

function argument(flag: string): string | null {
  const at = process.argv.indexOf(flag);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : null;
}

const wanted = argument('--sizes')?.split(',') ?? ['sample', '1k', '10k'];
const dataDirArg = argument('--data-dir');
const dataDir = dataDirArg ? path.resolve(dataDirArg) : null;
const results = [];
for (const name of wanted) {
  if (!(name in SIZES)) throw new Error(`unknown size ${name}; use ${Object.keys(SIZES).join(', ')}`);
  const dir = await corpusDir(name);
  if (!dir) {
    console.log(
      `${name}: ${name === '200k' ? 'run `npm run bench -- --sizes 200k --store-only` first' : `Reuters-21578 not found at ${REUTERS_DIR}`}; skipped`,
    );
    continue;
  }
  results.push(await measure(name, dir, dataDir));
  console.log(JSON.stringify(results[results.length - 1]));
}
await closeChartThread();
await fs.mkdir(OUT, { recursive: true });
await fs.writeFile(
  path.join(OUT, 'charts.json'),
  JSON.stringify(
    {
      takenAt: new Date().toISOString(),
      command: `npm run bench:charts -- ${process.argv.slice(2).join(' ')}`,
      results,
    },
    null,
    2,
  ) + '\n',
);
const cell = (s: { p50: number; p95: number }) => `${s.p50} / ${s.p95} ms`;
const stage = (s: { wall: Stats; cpu: Stats }) => `${cell(s.wall)} (CPU ${cell(s.cpu)})`;
console.log(
  '\n| corpus | articles | /trend p50 / p95 / max (answer + PNG) | event loop held, max | series | Vega-Lite → SVG | resvg → PNG | largest PNG | status page first / p95 | load average |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  const png = `${Math.round(r.largestPng.bytes / 1024)} KB, ${r.largestPng.width} x ${r.largestPng.height}`;
  console.log(
    `| ${r.corpus} | ${r.articles.toLocaleString('en')} | ${cell(r.trend)} / ${r.trend.max} ms | ${r.eventLoopBlockMaxMs} ms | ${stage(r.stages.series)} | ${stage(r.stages.vegaSvg)} | ${stage(r.stages.resvgPng)} | ${png} | ${r.statusFirstMs} / ${r.status.p95} ms | ${r.loadAverage[0]} |`,
  );
}
process.exit(0);
