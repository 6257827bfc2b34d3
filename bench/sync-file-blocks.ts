/**
 * `npx tsx bench/sync-file-blocks.ts [FILE] [ARTICLES]`: the longest the event loop is held while the article store
 * and the engine take one 5 MB file of bench/big-files.ts (default news.json), without the HTTP service around them.
 *
 * Opens a store-backed corpus of ARTICLES Reuters-21578 stories (default 300) in a temporary folder under
 * bench-results/, drops FILE into it, and times syncFile (the file thread reads and understands it; the main thread
 * takes its articles in slices) while a 5 ms timer records every gap between its turns. Prints the largest gaps and
 * the engine's counts. Skips with a message where Reuters-21578 is absent.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStoreBacked } from '../src/app/store-backed.ts';
import { createParallelAnalyzer } from '../src/understanding/parallel.ts';
import { bigFiles } from './big-files.ts';
import { readReuters, writeJsonlCorpus } from './reuters.ts';

const name = process.argv[2] ?? 'news.json';
const count = Number(process.argv[3] ?? 300);
const OUT = path.resolve('bench-results/sync-file-blocks');
const stories = await readReuters(path.resolve('../shared/datasets/reuters21578'));
if (!stories) {
  console.log('Reuters-21578 not found: skipped.');
  process.exit(0);
}
const file = bigFiles(stories.map((s) => s.body)).find((f) => f.name === name);
if (!file) throw new Error(`no such file in bench/big-files.ts: ${name}`);
rmSync(OUT, { recursive: true, force: true });
const corpusDir = path.join(OUT, 'corpus');
await writeJsonlCorpus(stories.slice(0, count), corpusDir);
const pool = createParallelAnalyzer();
const backed = await openStoreBacked({
  corpusDir,
  dataDir: path.join(OUT, 'data'),
  analyze: (a) => pool.analyze(a),
  redoStale: false,
});
await pool.close();
backed.watching();
const target = path.join(corpusDir, file.name);
writeFileSync(target, file.content);

const gaps: number[] = [];
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  gaps.push(now - last);
  last = now;
}, 5);
const started = performance.now();
const change = await backed.syncFile(target);
const wallMs = performance.now() - started;
clearInterval(timer);
gaps.sort((a, b) => b - a);
console.log(
  JSON.stringify({
    file: name,
    articles: change.articles.length,
    wallMs: Math.round(wallMs),
    longestGapsMs: gaps.slice(0, 8).map(Math.round),
    stats: backed.engine.stats,
  }),
);
await backed.close();
rmSync(OUT, { recursive: true, force: true });
