/**
 * `npm run bench:pg`: what PostgreSQL costs the bot (docs/postgres.md). Needs DATABASE_URL (a role that may
 * CREATE DATABASE: each run makes, uses and drops its own database). Small sizes only.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:pg -- --sizes 1000,5000
 *
 * - cold load: Reuters-21578 stories (../shared/datasets/reuters21578, or BENCH_REUTERS_DIR) read by the corpus
 *   loader, stored into the PostgreSQL article store (articles only; analyses are written by the loader's workers);
 * - second instance: a new connection reads every article back in batches (what an instance starting from a
 *   database another filled does before building its in-memory indexes);
 * - slot claims: claim -> sending -> posted for N slots, per-slot latency on PostgreSQL and on SQLite.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadFile } from '../src/corpus/load.ts';
import type { Article } from '../src/corpus/types.ts';
import { openSqliteStore, type Store } from '../src/store/index.ts';
import { PgArticleStore } from '../src/store/postgres/articles.ts';
import { openPostgresStore } from '../src/store/postgres/index.ts';
import { readReuters, writeJsonlCorpus } from './reuters.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const REUTERS_DIR = process.env.BENCH_REUTERS_DIR ?? path.resolve(REPO, '../shared/datasets/reuters21578');

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
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

async function readArticles(count: number): Promise<{ files: { path: string; articles: Article[] }[]; total: number } | null> {
  const stories = await readReuters(REUTERS_DIR);
  if (!stories) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-bench-pg-'));
  try {
    await writeJsonlCorpus(stories.slice(0, count), dir, 1000);
    const files = [];
    for (const name of readdirSync(dir).sort()) files.push({ path: name, articles: (await loadFile(path.join(dir, name), dir)).articles });
    return { files, total: files.reduce((n, f) => n + f.articles.length, 0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function articleStore(adminUrl: string, size: number): Promise<void> {
  const corpus = await readArticles(size);
  if (!corpus) return void console.log(`Reuters-21578 not found at ${REUTERS_DIR}: article store not benched.`);
  await withDatabase(adminUrl, async (url) => {
    const writer = await PgArticleStore.open(url);
    let t0 = process.hrtime.bigint();
    for (const f of corpus.files) await writer.putFiles([{ file: { path: f.path, size: 0, mtimeMs: 0, contentHash: f.path, readerVersion: 'bench' }, articles: f.articles }]);
    const coldMs = ms(t0);
    await writer.close();
    t0 = process.hrtime.bigint();
    const reader = await PgArticleStore.open(url);
    let read = 0;
    for await (const batch of reader.articles()) read += batch.length;
    const readMs = ms(t0);
    await reader.close();
    console.log(`article store, ${corpus.total} Reuters articles: cold load into PostgreSQL ${coldMs.toFixed(0)} ms (${((corpus.total / coldMs) * 1000).toFixed(0)}/s); second instance reads ${read} back in ${readMs.toFixed(0)} ms`);
  });
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
  const sizes = (at > 0 ? process.argv[at + 1] : '1000').split(',').map(Number).filter((n) => n > 0 && n <= 21_578);
  const n = 300;
  await withDatabase(adminUrl, async (url) => {
    const store = await openPostgresStore(url);
    const p = await slotClaims(store, n);
    await store.close();
    const dir = mkdtempSync(path.join(tmpdir(), 'briefbot-bench-sqlite-'));
    const sqlite = openSqliteStore({ dataDir: dir });
    const s = await slotClaims(sqlite, n);
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
    console.log(`slot claim -> sending -> posted, ${n} slots: PostgreSQL p50 ${p.p50.toFixed(2)} ms, p95 ${p.p95.toFixed(2)} ms; SQLite (synchronous=FULL) p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms`);
  });
  for (const size of sizes) await articleStore(adminUrl, size);
}

await main();
