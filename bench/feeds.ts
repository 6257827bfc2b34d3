// `npm run bench:feeds`: 500 feeds on a loopback origin (another process), polled every 15 minutes on a compressed
// clock. Per cycle: the bot's CPU (process.cpuUsage: poller, fetcher, parser, extractor, and the engine taking the new
// articles), the event-loop delay meanwhile (what a chat answer would wait), and for each new item the delay from
// the origin serving the feed that lists it to the engine answering for it. Cycle 0 takes one item of every feed;
// each later cycle 50 feeds (10%) publish one new item and the other 450 answer 304.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Article } from '../src/corpus/types.ts';
import { startFeeds } from '../src/feeds/start.ts';
import { CorpusEngine } from '../src/index/engine.ts';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 500);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 4);
const PUBLISH = Math.round(FEEDS / 10);
const EVERY_MS = 15 * 60_000;

const origin = fork(fileURLToPath(new URL('./feed-origin-process.ts', import.meta.url)), {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, BENCH_FEEDS: String(FEEDS) },
});
const ask = <T>(msg: object, key: string) =>
  new Promise<T>((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (key in m) {
        origin.off('message', on);
        resolve(m[key] as T);
      }
    };
    origin.on('message', on);
    if (Object.keys(msg).length) origin.send(msg);
  });
const base = await ask<string>({}, 'base');

const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-bench-feeds-'));
const engine = new CorpusEngine();
let clock = Date.parse('2024-05-06T08:00:00Z');
const answerableAt = new Map<string, number>();
const feeds = await startFeeds({
  dataDir: dir,
  feedsFile: null,
  allowPrivate: true,
  tickMs: 3_600_000,
  poller: { now: () => clock, concurrency: 8 },
  sink: async (articles: Article[]) => {
    await engine.addArticles(articles);
    const done = Date.now();
    for (const a of articles) answerableAt.set(a.url ?? a.id, done);
  },
});
for (let i = 0; i < FEEDS; i++)
  await feeds.store.add(
    { url: `${base}/feed/${i}.xml`, name: null, everyMinutes: 15, origin: 'chat', addedBy: 'bench' },
    clock,
  );

const rows: string[] = [];
for (let cycle = 0; cycle <= CYCLES; cycle++) {
  if (cycle > 0) {
    await ask({ publish: PUBLISH }, 'published');
    clock += EVERY_MS;
  }
  answerableAt.clear();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu = process.cpuUsage();
  const started = Date.now();
  await feeds.pollNow();
  const wall = Date.now() - started;
  const used = process.cpuUsage(cpu);
  lag.disable();
  const served = await ask<Record<string, number>>({ served: true }, 'served');
  const delays: number[] = [];
  for (const [url, at] of answerableAt) {
    const m = /\/story\/(\d+)\/(\d+)$/.exec(url);
    const t = m ? served[`t${m[1]}-${m[2]}`] : undefined;
    if (t !== undefined) delays.push(at - t);
  }
  delays.sort((a, b) => a - b);
  const cpuMs = (used.user + used.system) / 1000;
  const pct = (q: number) => (delays.length ? delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] : NaN);
  rows.push(
    `| ${cycle} | ${answerableAt.size} | ${wall} | ${Math.round(cpuMs)} | ${((cpuMs / EVERY_MS) * 100).toFixed(3)}% | ${Math.round(lag.max / 1e6)} | ${pct(0.5)} | ${pct(0.95)} | ${delays.at(-1) ?? NaN} |`,
  );
}
await feeds.stop();
origin.send({ exit: true });
rmSync(dir, { recursive: true, force: true });
console.log(
  `${FEEDS} feeds every 15 min on ${base} (compressed clock); cycle 0 takes one item per feed, later cycles ${PUBLISH} new items`,
);
console.log(
  '| cycle | new articles | wall ms | bot CPU ms | CPU share of one core over 15 min | max event-loop delay ms | poll→answerable p50 ms | p95 ms | max ms |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
