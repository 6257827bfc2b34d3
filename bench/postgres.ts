/**
 * `npm run bench:pg`: what PostgreSQL costs the bot (docs/postgres.md). Needs DATABASE_URL (a role that may
 * CREATE DATABASE: each run makes, uses and drops its own database). Small sizes only.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:pg -- --sizes 1000,5000
 *   (--corpus-only: the Reuters part alone; --no-sqlite: without the SQLite comparison)
 *
 * - announcements: two instances on one database; one takes in a new file, the time until the other answers from it;
 * - cold load: Reuters-21578 stories (../shared/datasets/reuters21578, or BENCH_REUTERS_DIR) as JSONL files, opened
 *   through the service's open path (createBot with DATABASE_URL, on every core) in a process of its own; then a
 *   second instance (another process) that loads from the database, with its memory and /who and /timeline
 *   latencies; the same for SQLite (cold, then a restart) beside it;
 * - slot claims: claim -> sending -> posted for N slots, per-slot latency on PostgreSQL and on SQLite.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openStoreBacked } from '../src/app/store-backed.ts';
import { openSqliteStore, type Store } from '../src/store/index.ts';
import { openPostgresStore } from '../src/store/postgres/index.ts';
import { readReuters, writeJsonlCorpus } from './reuters.ts';
import { summarise } from './stats.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const SAMPLE = path.join(REPO, 'corpus');
const REUTERS_DIR = process.env.BENCH_REUTERS_DIR ?? path.resolve(REPO, '../shared/datasets/reuters21578');

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function withDatabase<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/** One instance (bench/store-instance.ts) in a process of its own; its JSON line. */
function instance(job: Record<string, unknown>): Record<string, any> {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(REPO, 'bench/store-instance.ts'), JSON.stringify(job)],
    { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const line = out.stdout.trim().split('\n').pop() ?? '';
  if (out.status !== 0 || !line.startsWith('{'))
    throw new Error(`instance failed (${out.status}): ${out.stderr.slice(-2000)}`);
  return JSON.parse(line) as Record<string, any>;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const lat = (l: { p50: number; p95: number }) => `p50 ${fmt(l.p50)} / p95 ${fmt(l.p95)} ms`;

/**
 * Reuters-21578 (the first `size` stories) through the service's open path: cold into PostgreSQL, then a second
 * instance that loads from it; the same corpus cold into SQLite and a restart from it, for comparison.
 */
async function articleStore(adminUrl: string, size: number, withSqlite: boolean): Promise<void> {
  const stories = await readReuters(REUTERS_DIR);
  if (!stories) return void console.log(`Reuters-21578 not found at ${REUTERS_DIR}: article store not benched.`);
  const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-bench-pg-'));
  try {
    const corpusDir = path.join(dir, 'corpus');
    await writeJsonlCorpus(stories.slice(0, size), corpusDir, 1000);
    await withDatabase(adminUrl, async (url) => {
      const cold = instance({ corpusDir, databaseUrl: url });
      const second = instance({ corpusDir, databaseUrl: url, queries: true });
      console.log(`${cold.articles} Reuters articles (${size} stories):
  PostgreSQL: cold load through the open path ${fmt(cold.readyMs / 1000)} s (${cold.understood} understood, peak RSS ${fmt(cold.peakRssMb)} MB); second instance ready in ${fmt(second.readyMs / 1000)} s (${second.understood} understood, indexes ${second.restoredIndexes ? 'restored' : 'rebuilt'}, RSS after load ${fmt(second.rssAfterLoadMb)} MB, peak ${fmt(second.peakRssMb)} MB); /who ${lat(second.who)}, /timeline ${lat(second.timeline)}`);
      if (!withSqlite) return;
      const sqliteCold = instance({ corpusDir, dataDir: path.join(dir, 'data') });
      const sqliteAgain = instance({ corpusDir, dataDir: path.join(dir, 'data'), queries: true });
      console.log(
        `  SQLite:     cold load ${fmt(sqliteCold.readyMs / 1000)} s (peak RSS ${fmt(sqliteCold.peakRssMb)} MB); restart ready in ${fmt(sqliteAgain.readyMs / 1000)} s (RSS after load ${fmt(sqliteAgain.rssAfterLoadMb)} MB); /who ${lat(sqliteAgain.who)}, /timeline ${lat(sqliteAgain.timeline)}`,
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The announcement rule's latency: two instances on one database (the sample corpus), one takes in a new file
 * (read and understood in its worker, stored, announced); the time until the other answers from it.
 */
async function announcementLatency(adminUrl: string, rounds: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-bench-notify-'));
  try {
    await withDatabase(adminUrl, async (url) => {
      const one = await openStoreBacked({ corpusDir: SAMPLE, databaseUrl: url, corpusOrigin: 'sample' });
      const two = await openStoreBacked({ corpusDir: dir, databaseUrl: url, corpusOrigin: 'other' });
      const times: number[] = [];
      const untilTaken: number[] = [];
      try {
        for (let i = 0; i < rounds; i++) {
          const file = path.join(dir, `new-${i}.txt`);
          writeFileSync(
            file,
            `Harbour news ${i}\n\nHarbour master Ottilie Brandvold${i} said on Tuesday that round ${i} of the ferry talks had ended.`,
          );
          const t0 = performance.now();
          await two.syncFile(file); // "two" takes it in; "one" must follow
          const stored = performance.now();
          while (!one.engine.articles().some((a) => a.title === `Harbour news ${i}`))
            await new Promise((r) => setTimeout(r, 5));
          times.push(performance.now() - stored);
          untilTaken.push(performance.now() - t0);
        }
      } finally {
        await one.close();
        await two.close();
      }
      const s = summarise(times);
      const t = summarise(untilTaken);
      console.log(
        `announcements, ${rounds} new files: from the commit to the other instance's index p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms; from the file to the other's index p50 ${t.p50} ms, p95 ${t.p95} ms`,
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function slotClaims(store: Store, n: number): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await store.deliveries.claim('bench', now + i * 1000, 'me', now, 60_000);
    await store.deliveries.markSending('bench', now + i * 1000, 'me', now, 60_000);
    await store.deliveries.markPosted('bench', now + i * 1000, 'me', now, now);
    times.push(ms(t0));
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.log('DATABASE_URL is not set: nothing to bench. See docs/postgres.md.');
    return;
  }
  const at = process.argv.indexOf('--sizes');
  const sizes = (at > 0 ? process.argv[at + 1] : '1000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0 && n <= 21_578);
  const n = 300;
  if (!process.argv.includes('--corpus-only'))
    await withDatabase(adminUrl, async (url) => {
      const store = await openPostgresStore(url);
      const p = await slotClaims(store, n);
      await store.close();
      const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-bench-sqlite-'));
      const sqlite = openSqliteStore({ dataDir: dir });
      const s = await slotClaims(sqlite, n);
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
      console.log(
        `slot claim -> sending -> posted, ${n} slots: PostgreSQL p50 ${p.p50.toFixed(2)} ms, p95 ${p.p95.toFixed(2)} ms; SQLite (synchronous=FULL) p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms`,
      );
    });
  const only = process.argv.includes('--corpus-only');
  if (!only) await announcementLatency(adminUrl, 20);
  for (const size of sizes) await articleStore(adminUrl, size, !process.argv.includes('--no-sqlite'));
}

await main();
