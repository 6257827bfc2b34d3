/** The bench's verdicts on the targets, and its markdown tables (also pasted into the README). */
import type { SizeResult } from './size.ts';
import type { StoreFigures } from './store.ts';

/** The article store's rows for one corpus (bench/store.ts). */
export interface StoreRows {
  corpus: string;
  store: StoreFigures;
}

export interface CorpusFigures {
  corpus: string;
  describe: string;
  cold: SizeResult;
  restart: SizeResult;
  /** The restart answered the first 20 /who queries exactly as the cold start did. */
  sameAnswers: boolean;
}

export interface TargetVerdict {
  target: string;
  corpus: string;
  figure: string;
  met: boolean | null;
}

const MB = 2 ** 20;

export function evaluateTargets(figures: CorpusFigures[]): TargetVerdict[] {
  const at = (corpus: string) => figures.find((f) => f.corpus === corpus);
  const verdict = (target: string, corpus: string, measure: (f: CorpusFigures) => [string, boolean]): TargetVerdict => {
    const f = at(corpus);
    if (!f) return { target, corpus, figure: 'not measured', met: null };
    const [figure, met] = measure(f);
    return { target, corpus, figure, met };
  };
  const restartOk = (f: CorpusFigures) => f.restart.snapshotFrom === 'snapshot' && f.sameAnswers;
  const peak = (f: CorpusFigures) => Math.max(f.cold.peakRssBytes, f.restart.peakRssBytes);
  return [
    verdict('loaded and understood <= 30 s', '21k', (f) => [
      `${seconds(f.cold.loadUnderstandMs)} s on ${f.cold.workers} threads`,
      f.cold.loadUnderstandMs <= 30_000,
    ]),
    verdict('ready from snapshot <= 2 s', '21k', (f) => [
      `${seconds(f.restart.readyMs)} s (${f.restart.snapshotFrom}${f.sameAnswers ? ', same answers' : ', answers differ'})`,
      restartOk(f) && f.restart.readyMs <= 2000,
    ]),
    verdict('ready from snapshot <= 10 s', '200k', (f) => [
      `${seconds(f.restart.readyMs)} s (${f.restart.snapshotFrom}${f.sameAnswers ? ', same answers' : ', answers differ'})`,
      restartOk(f) && f.restart.readyMs <= 10_000,
    ]),
    verdict('/who p95 <= 50 ms', '200k', (f) => [`${f.cold.latency!.who.p95} ms`, f.cold.latency!.who.p95 <= 50]),
    verdict('/timeline p95 <= 50 ms', '200k', (f) => [
      `${f.cold.latency!.timeline.p95} ms`,
      f.cold.latency!.timeline.p95 <= 50,
    ]),
    verdict('/brief p95 <= 500 ms', '200k', (f) => [
      `${f.cold.latency!.brief.p95} ms`,
      f.cold.latency!.brief.p95 <= 500,
    ]),
    verdict('peak memory <= 2 GB', '200k', (f) => [`${Math.round(peak(f) / MB)} MB`, peak(f) <= 2048 * MB]),
    verdict('one new article answerable <= 1 s', '200k', (f) => [
      `${f.cold.newArticleMs} ms${f.cold.newArticleFound ? '' : ' (not found!)'}`,
      Boolean(f.cold.newArticleFound) && f.cold.newArticleMs! <= 1000,
    ]),
    ...figures.map((f) =>
      verdict('acknowledgement never held up >= 3 s (longest event-loop block)', f.corpus, (g) => [
        `${g.cold.eventLoopMaxMs} ms`,
        g.cold.eventLoopMaxMs! < 3000,
      ]),
    ),
  ];
}

export function formatTable(
  machine: { cpu: string; cores: number; memoryGB: number; os: string; node: string },
  figures: CorpusFigures[],
  targets: TargetVerdict[],
): string {
  const lines = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}`,
    '',
    '| corpus | articles (understood) | load + understand | articles/s | tokens/s | ready cold | ready from snapshot | snapshot size | peak memory | new article |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      ({ corpus, cold, restart }) =>
        `| ${corpus} | ${cold.articles.toLocaleString('en')} (${cold.canonical.toLocaleString('en')}) | ${seconds(cold.loadUnderstandMs)} s | ${Math.round(cold.articlesPerSecond).toLocaleString('en')} | ${Math.round(cold.tokensPerSecond).toLocaleString('en')} | ${seconds(cold.readyMs)} s | ${seconds(restart.readyMs)} s | ${Math.round((cold.snapshotBytes ?? 0) / MB)} MB | ${Math.round(Math.max(cold.peakRssBytes, restart.peakRssBytes) / MB)} MB | ${cold.newArticleMs} ms |`,
    ),
    '',
    '| corpus | /who p50 / p95 / p99 | /timeline p50 / p95 / p99 | /search p50 / p95 / p99 | /brief p50 / p95 / p99 | longest event-loop block |',
    '| --- | --- | --- | --- | --- | --- |',
    ...figures.map(({ corpus, cold }) => {
      const l = cold.latency!;
      const cell = (s: { p50: number; p95: number; p99: number }) => `${s.p50} / ${s.p95} / ${s.p99} ms`;
      return `| ${corpus} | ${cell(l.who)} | ${cell(l.timeline)} | ${cell(l.search)} | ${cell(l.brief)} | ${cold.eventLoopMaxMs} ms |`;
    }),
    '',
    '| target | corpus | measured | met |',
    '| --- | --- | --- | --- |',
    ...targets.map(
      (t) => `| ${t.target} | ${t.corpus} | ${t.figure} | ${t.met === null ? '–' : t.met ? 'yes' : '**no**'} |`,
    ),
  ];
  return lines.join('\n');
}

/** Issue 12's targets, from the store rows. */
export function evaluateStoreTargets(rows: StoreRows[]): TargetVerdict[] {
  const verdict = (target: string, corpus: string, measure: (s: StoreFigures) => [string, boolean]): TargetVerdict => {
    const row = rows.find((r) => r.corpus === corpus);
    if (!row) return { target, corpus, figure: 'not measured', met: null };
    const [figure, met] = measure(row.store);
    return { target, corpus, figure, met };
  };
  // What understanding alone costs per article, from the cold load: the budget of the files added while stopped.
  const perArticle = (s: StoreFigures) => s.cold.readyMs / Math.max(1, s.cold.opened.understood);
  return [
    verdict('1,000 files added while stopped: ready <= 15 s + understanding them', '200k', (s) => [
      `${seconds(s.added.readyMs)} s for ${s.addedFiles} files (${s.added.opened.understood} understood)`,
      s.added.readyMs <= 15_000 + perArticle(s) * s.added.opened.understood,
    ]),
    verdict('nothing changed: ready <= 5 s', '200k', (s) => [
      `${seconds(s.restart.readyMs)} s`,
      s.restart.readyMs <= 5000,
    ]),
    ...rows.map((r) =>
      verdict('kill -9 at 60% of a cold load, restart ready <= 50% of a cold load', r.corpus, (s) => [
        `${seconds(s.afterKill.readyMs)} s against ${seconds(s.cold.readyMs)} s cold`,
        s.afterKill.readyMs <= 0.5 * s.cold.readyMs,
      ]),
    ),
    verdict('npx briefbot ask against a ready DATA_DIR <= 2 s, whole process', '21k', (s) => [
      `${seconds(s.cliMs)} s`,
      s.cliMs <= 2000,
    ]),
    verdict("cold load through the store (the CLI's, every core) <= 30 s", '21k', (s) => [
      `${seconds(s.cold.readyMs)} s`,
      s.cold.readyMs <= 30_000,
    ]),
    ...rows.map((r) =>
      verdict('article added / deleted while running answered <= 2 s', r.corpus, (s) => [
        `${s.restart.liveAddMs} / ${s.restart.liveDeleteMs} ms`,
        (s.restart.liveAddMs ?? Infinity) <= 2000 && (s.restart.liveDeleteMs ?? Infinity) <= 2000,
      ]),
    ),
  ];
}

export function formatStoreTable(rows: StoreRows[], targets: TargetVerdict[]): string {
  return [
    '| corpus | cold (store) | restart, nothing changed | N files added while stopped | N deleted while stopped | kill -9 at 60%, restart | `briefbot ask`, whole process | added / deleted while running (longest event-loop block) | store size | peak memory |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(({ corpus, store: s }) => {
      const peak = Math.max(
        s.cold.peakRssBytes,
        s.restart.peakRssBytes,
        s.added.peakRssBytes,
        s.afterKill.peakRssBytes,
      );
      return `| ${corpus} | ${seconds(s.cold.readyMs)} s | ${seconds(s.restart.readyMs)} s | ${seconds(s.added.readyMs)} s (N = ${s.addedFiles}) | ${seconds(s.deleted.readyMs)} s | ${seconds(s.afterKill.readyMs)} s (killed at ${s.killedAt.toLocaleString('en')} of ${s.cold.opened.understood.toLocaleString('en')}) | ${seconds(s.cliMs)} s | ${s.restart.liveAddMs} / ${s.restart.liveDeleteMs} ms (${s.restart.liveAddBlockMs} / ${s.restart.liveDeleteBlockMs} ms) | ${Math.round(s.storeBytes / MB)} MB | ${Math.round(peak / MB)} MB |`;
    }),
    '',
    '| target | corpus | measured | met |',
    '| --- | --- | --- | --- |',
    ...targets.map(
      (t) => `| ${t.target} | ${t.corpus} | ${t.figure} | ${t.met === null ? '–' : t.met ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
}
