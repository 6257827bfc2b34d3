/**
 * The article store's rows of the benchmark (issue 12), for one corpus, each run in fresh processes
 * (bench/store-job.ts) on a DATA_DIR of its own under bench-results/work/<corpus>/store:
 * - cold: an empty store, the corpus read and understood on every core, committed as it goes;
 * - restart: nothing changed;
 * - added: N small files added while stopped (then deleted again, measured as a restart too);
 * - killed: a cold load killed with SIGKILL once 60% of the articles are understood, then a restart;
 * - cli: `npx briefbot ask "/who reuters"` as a whole process against the ready store;
 * - live: an article added to the folder while running, and deleted, until the answers show it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ARTICLE_DATABASE } from '../src/store/articles/sqlite.ts';
import type { StoreJob, StoreJobResult } from './store-job.ts';
import { seededRandom } from '../src/util/random.ts';
import { round } from './stats.ts';

export interface StoreFigures {
  cold: StoreJobResult;
  restart: StoreJobResult;
  addedFiles: number;
  added: StoreJobResult;
  deleted: StoreJobResult;
  /** Articles understood when the cold load was killed, and the restart after it. */
  killedAt: number;
  afterKill: StoreJobResult;
  cliMs: number;
  storeBytes: number;
}

const REPO = fileURLToPath(new URL('../', import.meta.url));
const ADDED_DIR = 'bench-added';

export async function benchStore(corpusDir: string, work: string, addedFiles: number): Promise<StoreFigures> {
  const dataDir = path.join(work, 'store');
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rm(path.join(corpusDir, ADDED_DIR), { recursive: true, force: true });
  const run = (name: string, live = false) =>
    runJob({ corpusDir, dataDir, live, resultFile: path.join(work, `store-${name}.json`) }, work);

  const cold = await run('cold');
  console.log(`   store cold: ${cold.articles} articles ready in ${seconds(cold.readyMs)} s`);
  const restart = await run('restart', true);
  console.log(
    `   store restart, nothing changed: ${seconds(restart.readyMs)} s; live add ${restart.liveAddMs} ms, delete ${restart.liveDeleteMs} ms; longest event-loop block ${restart.liveAddBlockMs} / ${restart.liveDeleteBlockMs} ms, ${restart.indexSaveBlockMs} ms saving the index state at close`,
  );
  await addFiles(path.join(corpusDir, ADDED_DIR), addedFiles);
  const added = await run('added');
  console.log(
    `   store restart, ${addedFiles} files added: ${seconds(added.readyMs)} s (${added.opened.understood} understood)`,
  );
  await fs.rm(path.join(corpusDir, ADDED_DIR), { recursive: true, force: true });
  const deleted = await run('deleted');
  console.log(`   store restart, ${addedFiles} files deleted: ${seconds(deleted.readyMs)} s`);

  // The CLI as `npm install` leaves it: compiled (its prepare script builds dist/); built here when dist/ is stale.
  const fresh = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const m = await import('./bin/launch.mjs'); process.exit(m.compiledIsFresh() ? 0 : 1)",
    ],
    { cwd: REPO },
  );
  if (
    fresh.status !== 0 &&
    spawnSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'inherit' }).status !== 0
  )
    console.log('   (dist/ could not be built: the CLI runs through tsx)');
  const cli = spawnSync(
    process.execPath,
    [path.join(REPO, 'bin/briefbot.mjs'), 'ask', '/who reuters', '--corpus', corpusDir],
    {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    },
  );
  const cliStart = performance.now();
  const cliAgain = spawnSync(
    process.execPath,
    [path.join(REPO, 'bin/briefbot.mjs'), 'ask', '/who reuters', '--corpus', corpusDir],
    {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    },
  );
  const cliMs = round(performance.now() - cliStart);
  if (cli.status !== 0 || cliAgain.status !== 0) throw new Error(`briefbot ask failed (exit ${cliAgain.status})`);
  console.log(`   npx briefbot ask against the ready store: ${seconds(cliMs)} s, whole process`);
  const storeBytes = await sizeOf(dataDir);

  await fs.rm(dataDir, { recursive: true, force: true });
  const killedAt = await killAt(
    0.6,
    cold.opened.understood,
    { corpusDir, dataDir, live: false, resultFile: path.join(work, 'store-killed.json') },
    work,
  );
  const afterKill = await run('after-kill');
  console.log(
    `   killed at ${killedAt} of ${cold.opened.understood} understood; restart ready in ${seconds(afterKill.readyMs)} s (${afterKill.opened.understood} understood)`,
  );
  return { cold, restart, addedFiles, added, deleted, killedAt, afterKill, cliMs, storeBytes };
}

async function runJob(job: StoreJob, work: string): Promise<StoreJobResult> {
  const jobFile = await writeJob(job, work);
  const code = await new Promise<number | null>((resolve) =>
    spawn(process.execPath, jobArgs(jobFile), { stdio: ['ignore', 'ignore', 'inherit'] }).on('exit', resolve),
  );
  if (code !== 0) throw new Error(`store job failed with exit code ${code}`);
  return JSON.parse(await fs.readFile(job.resultFile, 'utf8')) as StoreJobResult;
}

/** Starts a cold load and kills it (SIGKILL) once this share of the articles is understood; returns how many were. */
async function killAt(share: number, total: number, job: StoreJob, work: string): Promise<number> {
  const jobFile = await writeJob(job, work);
  const child = spawn(process.execPath, jobArgs(jobFile), { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const file = path.join(job.dataDir, ARTICLE_DATABASE);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (child.exitCode !== null) throw new Error('the cold load ended before it could be killed');
    if (analysed(file) >= share * total) break;
  }
  child.kill('SIGKILL');
  await exited;
  return analysed(file);
}

function analysed(file: string): number {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT COUNT(*) FROM analyses').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

async function writeJob(job: StoreJob, work: string): Promise<string> {
  const jobFile = path.join(work, `store-job-${path.basename(job.resultFile)}`);
  await fs.writeFile(jobFile, JSON.stringify(job));
  return jobFile;
}

function jobArgs(jobFile: string): string[] {
  return [
    ...process.execArgv,
    '--max-old-space-size=6144',
    fileURLToPath(new URL('./store-job.ts', import.meta.url)),
    jobFile,
  ];
}

const WORDS =
  'harbour ferry cargo grain council minister strike talks border treaty election court budget tariff port rail bridge storm drought harvest bank loan bond market shares union wage pension school hospital vaccine rebels army truce envoy summit pipeline mine copper oil gas wind solar plant airline fleet'.split(
    ' ',
  );

/**
 * Small stories of our own, one file each (seeded, distinct enough not to be grouped as one story): what a feed drops
 * into the folder while the bot is down.
 */
export async function addFiles(dir: string, n: number): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const random = seededRandom(12);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 40 }, pick).join(' ');
    await fs.writeFile(
      path.join(dir, `added-${i}.txt`),
      `Notice ${i}: ${pick()} and ${pick()}\n\nPORT ALDEN - Ilse Vandermeer said on Monday: ${words}.`,
    );
  }
}

async function sizeOf(dir: string): Promise<number> {
  let bytes = 0;
  for (const name of await fs.readdir(dir)) bytes += (await fs.stat(path.join(dir, name))).size;
  return bytes;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}
