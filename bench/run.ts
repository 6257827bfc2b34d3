/**
 * `npm run bench`: the corpus-scale benchmark (issue 6). See bench/README.md for the method.
 *
 *   npm run bench                      # sample, Reuters 1k/10k/21k, derived 200k
 *   npm run bench -- --sizes sample,1k # only some corpora
 *
 * Reuters-21578 is read from ../shared/datasets/reuters21578 (or BENCH_REUTERS_DIR); when absent the run says so
 * and benches the sample corpus alone. Corpora are written as JSONL under bench-results/corpora (git-ignored) and
 * reused while the generator is unchanged. Each corpus is measured in two fresh processes: a cold start, then a
 * restart from the snapshot the first one saved. Figures go to bench-results/latest.json and a table on stdout.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveStories, DERIVE_SEED } from './derive.ts';
import { readReuters, writeJsonlCorpus, type Story } from './reuters.ts';
import type { Job, SizeResult } from './size.ts';
import {
  evaluateStoreTargets,
  evaluateTargets,
  formatStoreTable,
  formatTable,
  type CorpusFigures,
  type StoreRows,
} from './report.ts';
import { benchStore } from './store.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const OUT = path.join(REPO, 'bench-results');
const REUTERS_DIR = process.env.BENCH_REUTERS_DIR ?? path.resolve(REPO, '../shared/datasets/reuters21578');
const DERIVED_COUNT = 200_000;

interface CorpusPlan {
  name: string;
  describe: string;
  /** Writes the corpus folder; null for a folder that exists already (the sample corpus). */
  make: ((dir: string) => Promise<number>) | null;
  dir: string;
}

async function main(): Promise<void> {
  const wanted = sizesArgument();
  const stories = await readReuters(REUTERS_DIR);
  if (!stories) console.log(`Reuters-21578 not found at ${REUTERS_DIR}: benching the sample corpus alone.`);
  const plans = corpusPlans(stories).filter((p) => !wanted || wanted.has(p.name));
  const figures: CorpusFigures[] = [];
  const storeRows: StoreRows[] = [];
  // --store-only: only the article store's rows (issue 12); --no-store: none of them.
  const storeOnly = process.argv.includes('--store-only');
  const withStore = !process.argv.includes('--no-store');
  for (const plan of plans) {
    const articles = plan.make ? await prepare(plan) : null;
    console.log(`\n== ${plan.name}: ${plan.describe}${articles ? ` (${articles} stories)` : ''}`);
    // The store's rows add files to the corpus folder for a while: only to the bench's own corpora, not corpus/.
    if (withStore && plan.make) {
      const work = path.join(OUT, 'work', plan.name);
      await fs.mkdir(work, { recursive: true });
      storeRows.push({ corpus: plan.name, store: await benchStore(plan.dir, work, plan.name === '200k' ? 1000 : 100) });
      await writeReport(figures, Boolean(stories), storeRows);
    }
    if (storeOnly) continue;
    const cold = await measure(plan, 'cold');
    console.log(
      `   cold: ${cold.articles} articles ready in ${(cold.readyMs / 1000).toFixed(1)} s ${JSON.stringify(cold.phases)}`,
    );
    const restart = await measure(plan, 'snapshot');
    console.log(
      `   restart: ${restart.snapshotFrom} in ${(restart.readyMs / 1000).toFixed(1)} s ${JSON.stringify(restart.phases)}${restart.snapshotReason ? ` (${restart.snapshotReason})` : ''}`,
    );
    if (cold.analysisFailures)
      console.log(`   ${cold.analysisFailures} article(s) could not be analysed, e.g. ${cold.failureSamples?.[0]}`);
    figures.push({
      corpus: plan.name,
      describe: plan.describe,
      cold,
      restart,
      sameAnswers: cold.whoAnswersDigest === restart.whoAnswersDigest,
    });
    // Written after every corpus, so that a long run interrupted still leaves its figures.
    await writeReport(figures, Boolean(stories), storeRows);
  }
  const report = await writeReport(figures, Boolean(stories), storeRows);
  if (figures.length) console.log('\n' + formatTable(report.machine, figures, report.targets));
  if (storeRows.length) console.log('\n' + formatStoreTable(storeRows, report.storeTargets));
  console.log(`\nFigures written to ${path.relative(process.cwd(), path.join(OUT, 'latest.json'))}`);
}

async function writeReport(figures: CorpusFigures[], withReuters: boolean, storeRows: StoreRows[]) {
  const report = {
    takenAt: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: machine(),
    reuters: withReuters ? REUTERS_DIR : null,
    derived: { count: DERIVED_COUNT, seed: DERIVE_SEED, method: 'bench/derive.ts' },
    corpora: figures,
    targets: evaluateTargets(figures),
    store: storeRows,
    storeTargets: evaluateStoreTargets(storeRows),
  };
  await fs.mkdir(OUT, { recursive: true });
  await fs.writeFile(path.join(OUT, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

function sizesArgument(): Set<string> | null {
  const at = process.argv.indexOf('--sizes');
  return at > 0 && process.argv[at + 1] ? new Set(process.argv[at + 1].split(',')) : null;
}

function corpusPlans(stories: Story[] | null): CorpusPlan[] {
  const sample: CorpusPlan = {
    name: 'sample',
    describe: 'the sample corpus (corpus/)',
    make: null,
    dir: path.join(REPO, 'corpus'),
  };
  if (!stories) return [sample];
  const slice = (n: number) => (dir: string) => writeJsonlCorpus(stories.slice(0, n), dir);
  const at = (name: string) => path.join(OUT, 'corpora', name);
  return [
    sample,
    { name: '1k', describe: 'Reuters-21578, first 1,000 stories', make: slice(1000), dir: at('reuters-1k') },
    { name: '10k', describe: 'Reuters-21578, first 10,000 stories', make: slice(10_000), dir: at('reuters-10k') },
    { name: '21k', describe: 'Reuters-21578, all stories', make: slice(stories.length), dir: at('reuters-21k') },
    {
      name: '200k',
      describe: `derived from Reuters-21578 (seed ${DERIVE_SEED})`,
      make: (dir) => writeJsonlCorpus(deriveStories(stories, DERIVED_COUNT), dir),
      dir: at('derived-200k'),
    },
  ];
}

/** Writes the corpus unless the same generator already wrote it (the manifest sits beside the folder, not in it). */
async function prepare(plan: CorpusPlan): Promise<number> {
  const manifestFile = `${plan.dir}.manifest.json`;
  const generator = await generatorHash(plan.name);
  const manifest = await fs
    .readFile(manifestFile, 'utf8')
    .then((t) => JSON.parse(t) as { generator: string; articles: number })
    .catch(() => null);
  if (manifest?.generator === generator) return manifest.articles;
  const articles = await plan.make!(plan.dir);
  await fs.writeFile(manifestFile, JSON.stringify({ generator, articles }) + '\n');
  return articles;
}

async function generatorHash(name: string): Promise<string> {
  const hash = createHash('sha1').update(`${name}\n${REUTERS_DIR}\n${DERIVED_COUNT}\n${DERIVE_SEED}\n`);
  for (const file of ['bench/reuters.ts', 'bench/derive.ts']) hash.update(await fs.readFile(path.join(REPO, file)));
  return hash.digest('hex');
}

/** Runs bench/size.ts in a fresh process, with the same TypeScript loader as this one. */
async function measure(plan: CorpusPlan, mode: Job['mode']): Promise<SizeResult> {
  const work = path.join(OUT, 'work', plan.name);
  await fs.mkdir(work, { recursive: true });
  const job: Job = {
    corpusDir: plan.dir,
    snapshotFile: path.join(work, 'snapshot.jsonl'),
    mode,
    queriesFile: path.join(work, 'queries.json'),
    resultFile: path.join(work, `${mode}.json`),
  };
  if (mode === 'cold') await fs.rm(job.snapshotFile, { force: true });
  const jobFile = path.join(work, `${mode}-job.json`);
  await fs.writeFile(jobFile, JSON.stringify(job));
  // Room above the 2 GB target, so that a run over it is measured rather than killed.
  const args = [
    ...process.execArgv,
    '--max-old-space-size=6144',
    fileURLToPath(new URL('./size.ts', import.meta.url)),
    jobFile,
  ];
  const code = await new Promise<number | null>((resolve) =>
    spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] }).on('exit', resolve),
  );
  if (code !== 0) throw new Error(`measuring ${plan.name} (${mode}) failed with exit code ${code}`);
  return JSON.parse(await fs.readFile(job.resultFile, 'utf8')) as SizeResult;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

await main();
