/**
 * `npm run bench:charts`: /trend (series, Vega-Lite to SVG, resvg to PNG) and status page render times on the bench
 * corpora (issue 17). Sizes up to 10k here; the corpora are the ones `npm run bench` writes (made here if absent).
 *
 *   npm run bench:charts                          # sample, 1k, 10k
 *   npm run bench:charts -- --sizes sample,1k     # only some
 *
 * Each /trend query is two of the most-mentioned names of the corpus, run as chat runs it (bot.run, then the chart
 * drawn); the split times draw the same series again through each stage alone. Figures go to
 * bench-results/charts.json and a table on stdout.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createBot } from '../src/app/bot.ts';
import { svgToPng } from '../src/charts/rasterize.ts';
import { TREND_SIZE, trendSpec } from '../src/charts/trend-chart.ts';
import { vegaLiteToSvg } from '../src/charts/vega-svg.ts';
import type { Invoker } from '../src/commands/types.ts';
import { readPlace } from '../src/index/analysis-store.ts';
import { trendSeries } from '../src/index/trend-series.ts';
import { corpusStatus } from '../src/status/corpus-status.ts';
import { recentErrors } from '../src/status/recent-errors.ts';
import { renderStatusPage } from '../src/status/render-page.ts';
import type { ArticleAnalysis } from '../src/understanding/analysis.ts';
import { pickQueries } from './queries.ts';
import { readReuters, writeJsonlCorpus } from './reuters.ts';
import { round, summarise } from './stats.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const OUT = path.join(REPO, 'bench-results');
const REUTERS_DIR = process.env.BENCH_REUTERS_DIR ?? path.resolve(REPO, '../shared/datasets/reuters21578');
const INVOKER: Invoker = { platform: 'cli', userId: 'bench', channelId: null, isDirectMessage: true, canManageChannel: false };
const TREND_QUERIES = 40;
const STATUS_RENDERS = 50;
const SIZES: Record<string, number | null> = { sample: null, '1k': 1000, '10k': 10_000 };

async function corpusDir(name: string): Promise<string | null> {
  const n = SIZES[name];
  if (n === null) return path.join(REPO, 'corpus');
  const dir = path.join(OUT, 'corpora', `reuters-${name}`);
  if (await fs.stat(dir).then(() => true, () => false)) return dir;
  const stories = await readReuters(REUTERS_DIR);
  if (!stories) return null;
  await writeJsonlCorpus(stories.slice(0, n), dir);
  return dir;
}

async function measure(name: string, dir: string) {
  const bot = await createBot({ corpusDir: dir, parallel: true });
  const entries = (function* () {
    for (const { article, analysis } of bot.engine.entries()) yield { article, analysis: analysis && (JSON.parse(readPlace(analysis).toString('utf8')) as ArticleAnalysis) };
  })();
  const names = pickQueries(entries, TREND_QUERIES + 1).entities;
  const pairs = names.slice(0, TREND_QUERIES).map((n, i) => [n, names[i + 1] ?? n]);
  const total: number[] = [];
  const seriesMs: number[] = [];
  const vegaMs: number[] = [];
  const resvgMs: number[] = [];
  let maxBytes = 0;
  for (const pair of pairs) {
    await new Promise((resolve) => setImmediate(resolve));
    const start = performance.now();
    const result = await bot.run('trend', { names: pair.join(', ') }, INVOKER);
    const png = await result.briefing.image?.render();
    total.push(performance.now() - start);
    maxBytes = Math.max(maxBytes, png?.length ?? 0);
    // The same answer's stages alone.
    const t0 = performance.now();
    const series = trendSeries(bot.engine, pair);
    const t1 = performance.now();
    const svg = await vegaLiteToSvg(trendSpec(series));
    const t2 = performance.now();
    await svgToPng(svg, TREND_SIZE.scale);
    const t3 = performance.now();
    seriesMs.push(t1 - t0);
    vegaMs.push(t2 - t1);
    resvgMs.push(t3 - t2);
  }
  const status = corpusStatus(bot.engine);
  const statusMs: number[] = [];
  for (let i = 0; i < STATUS_RENDERS; i++) {
    const start = performance.now();
    renderStatusPage({ corpus: status, progress: () => ({ state: 'ready', articles: bot.engine.stats.articles }), recentErrors });
    statusMs.push(performance.now() - start);
  }
  await bot.close();
  return {
    corpus: name,
    articles: bot.engine.stats.articles,
    trend: summarise(total),
    stages: { series: summarise(seriesMs), vegaSvg: summarise(vegaMs), resvgPng: summarise(resvgMs) },
    maxPngBytes: maxBytes,
    statusFirstMs: round(statusMs[0]),
    status: summarise(statusMs.slice(1)),
  };
}

const at = process.argv.indexOf('--sizes');
const wanted = at > 0 && process.argv[at + 1] ? process.argv[at + 1].split(',') : Object.keys(SIZES);
const results = [];
for (const name of wanted) {
  if (!(name in SIZES)) throw new Error(`unknown size ${name}; use ${Object.keys(SIZES).join(', ')}`);
  const dir = await corpusDir(name);
  if (!dir) {
    console.log(`${name}: Reuters-21578 not found at ${REUTERS_DIR}; skipped`);
    continue;
  }
  results.push(await measure(name, dir));
  console.log(JSON.stringify(results[results.length - 1]));
}
await fs.mkdir(OUT, { recursive: true });
await fs.writeFile(path.join(OUT, 'charts.json'), JSON.stringify({ takenAt: new Date().toISOString(), results }, null, 2) + '\n');
const cell = (s: { p50: number; p95: number }) => `${s.p50} / ${s.p95} ms`;
console.log('\n| corpus | articles | /trend p50 / p95 (answer + PNG) | series | Vega-Lite → SVG | resvg → PNG | largest PNG | status page first / p95 |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.corpus} | ${r.articles.toLocaleString('en')} | ${cell(r.trend)} | ${cell(r.stages.series)} | ${cell(r.stages.vegaSvg)} | ${cell(r.stages.resvgPng)} | ${Math.round(r.maxPngBytes / 1024)} KB | ${r.statusFirstMs} / ${r.status.p95} ms |`);
}
process.exit(0);
